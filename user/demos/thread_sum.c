/* thread_sum: the lecture's sum example. Two threads each add up half
 * of an array; each gets its part through a struct on main's stack
 * (fine only because main waits for them with pthread_join), and leaves
 * its result there.
 */
#include <pthread.h>
#include <stdio.h>

static int values[1024];

struct ThreadInfo {
    int start, end, result;
};

static void* sum_thread(void* argument) {
    struct ThreadInfo* my_info = argument;
    int sum = 0;
    for (int i = my_info->start; i < my_info->end; ++i)
        sum += values[i];
    my_info->result = sum;
    return NULL;
}

static int sum_all(void) {
    pthread_t threads[2];
    struct ThreadInfo info[2];
    for (int i = 0; i < 2; ++i) {
        info[i].start = i * 512;
        info[i].end = (i + 1) * 512;
        pthread_create(&threads[i], NULL, sum_thread, &info[i]);
    }
    for (int i = 0; i < 2; ++i)
        pthread_join(threads[i], NULL);
    printf("front half %d + back half %d\n", info[0].result, info[1].result);
    return info[0].result + info[1].result;
}

int main(void) {
    for (int i = 0; i < 1024; i++)
        values[i] = i + 1;
    printf("sum of 1..1024 = %d (expected %d)\n", sum_all(), 1024 * 1025 / 2);
    return 0;
}
