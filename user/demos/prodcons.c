/* prodcons: a bounded buffer with a mutex and two condition
 * variables.
 *
 * The producer waits while the buffer is full (not_full), the consumer
 * while it is empty (not_empty); each signals the other after changing
 * the count. The waits are in while loops: a woken thread must look
 * again, since another may have got there first (or the wakeup was
 * spurious).
 *
 *   prodcons [items]    default 20
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define BUFFER_SIZE 4

static int buffer[BUFFER_SIZE];
static int count, in, out;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static int items = 20;

static void* producer(void* arg) {
    (void)arg;
    for (int i = 1; i <= items; i++) {
        pthread_mutex_lock(&lock);
        while (count == BUFFER_SIZE)
            pthread_cond_wait(&not_full, &lock);
        buffer[in] = i;
        in = (in + 1) % BUFFER_SIZE;
        count++;
        printf("produced %d (%d in the buffer)\n", i, count);
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

static void* consumer(void* arg) {
    (void)arg;
    long sum = 0;
    for (int i = 1; i <= items; i++) {
        pthread_mutex_lock(&lock);
        while (count == 0)
            pthread_cond_wait(&not_empty, &lock);
        int item = buffer[out];
        out = (out + 1) % BUFFER_SIZE;
        count--;
        printf("consumed %d (%d in the buffer)\n", item, count);
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&lock);
        sum += item;
    }
    return (void*)sum;
}

int main(int argc, char** argv) {
    if (argc > 1) items = atoi(argv[1]);
    pthread_t p, c;
    pthread_create(&c, NULL, consumer, NULL);
    pthread_create(&p, NULL, producer, NULL);
    void* sum;
    pthread_join(p, NULL);
    pthread_join(c, &sum);
    printf("consumer's total %ld (expected %d)\n", (long)sum, items * (items + 1) / 2);
    return 0;
}
