/* thread_sum: the lecture's sum example, in its four versions. Two
 * threads each add up half of an array of 1..1024; how a thread learns
 * which half, and where its result goes, is what changes.
 *
 *   thread_sum [globals|ids|struct|heap]    default: all four in turn
 *
 *   globals  two thread functions, one per half, results in globals
 *   ids      one function; the argument is the thread's number (cast to
 *            a pointer), results in a global array indexed by it
 *   struct   the argument points at a struct on sum_all's stack: its
 *            part and its result (fine only because sum_all waits for
 *            the threads with pthread_join before returning)
 *   heap     the structs, pthread_t included, are malloc'ed: one
 *            function starts the threads and returns, another joins
 *            them later and frees the structs
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 1024
static int values[N];
static const int expected = N * (N + 1) / 2;

static void report(const char* how, int sum) {
    printf("%-8s sum of 1..1024 = %d (expected %d)\n", how, sum, expected);
}

/* ---------------------------------------------------------------- globals */

static int front_sum, back_sum;

static void* sum_front(void* unused) {
    (void)unused;
    for (int i = 0; i < N / 2; i++)
        front_sum += values[i];
    return NULL;
}

static void* sum_back(void* unused) {
    (void)unused;
    for (int i = N / 2; i < N; i++)
        back_sum += values[i];
    return NULL;
}

static void with_globals(void) {
    pthread_t front, back;
    pthread_create(&front, NULL, sum_front, NULL);
    pthread_create(&back, NULL, sum_back, NULL);
    pthread_join(front, NULL);
    pthread_join(back, NULL);
    report("globals:", front_sum + back_sum);
}

/* ---------------------------------------------------------------- thread ids */

static int results[2];

static void* sum_part(void* argument) {
    int id = (int)(long)argument; /* a number smuggled in a pointer */
    int sum = 0;
    for (int i = id * N / 2; i < (id + 1) * N / 2; i++)
        sum += values[i];
    results[id] = sum;
    return NULL;
}

static void with_ids(void) {
    pthread_t threads[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&threads[i], NULL, sum_part, (void*)(long)i);
    for (int i = 0; i < 2; i++)
        pthread_join(threads[i], NULL);
    report("ids:", results[0] + results[1]);
}

/* ---------------------------------------------------------------- an info struct */

struct ThreadInfo {
    pthread_t thread; /* used by the heap version */
    const int* values;
    int start, end, result;
};

static void* sum_thread(void* argument) {
    struct ThreadInfo* my_info = argument;
    int sum = 0;
    for (int i = my_info->start; i < my_info->end; ++i)
        sum += my_info->values[i];
    my_info->result = sum;
    return NULL;
}

static void describe(struct ThreadInfo* info, int i, const int* values_) {
    info->values = values_;
    info->start = i * N / 2;
    info->end = (i + 1) * N / 2;
}

static int sum_all(const int* values_) {
    pthread_t threads[2];
    struct ThreadInfo info[2]; /* on this function's stack */
    for (int i = 0; i < 2; ++i) {
        describe(&info[i], i, values_);
        pthread_create(&threads[i], NULL, sum_thread, &info[i]);
    }
    for (int i = 0; i < 2; ++i)
        pthread_join(threads[i], NULL); /* info must outlive the threads */
    printf("front half %d + back half %d\n", info[0].result, info[1].result);
    return info[0].result + info[1].result;
}

static void with_struct(void) {
    report("struct:", sum_all(values));
}

/* ---------------------------------------------------------------- on the heap */

static struct ThreadInfo* start_sum_all(const int* values_) {
    struct ThreadInfo* info = malloc(2 * sizeof *info);
    for (int i = 0; i < 2; ++i) {
        describe(&info[i], i, values_);
        pthread_create(&info[i].thread, NULL, sum_thread, &info[i]);
    }
    return info; /* the threads may still be running */
}

static int finish_sum_all(struct ThreadInfo* info) {
    for (int i = 0; i < 2; ++i)
        pthread_join(info[i].thread, NULL);
    int result = info[0].result + info[1].result;
    free(info);
    return result;
}

static void on_the_heap(void) {
    struct ThreadInfo* pending = start_sum_all(values);
    printf("heap:    threads started; main is free to do other work meanwhile\n");
    report("heap:", finish_sum_all(pending));
}

int main(int argc, char** argv) {
    static const struct {
        const char* name;
        void (*run)(void);
    } modes[] = {{"globals", with_globals},
                 {"ids", with_ids},
                 {"struct", with_struct},
                 {"heap", on_the_heap}};
    for (int i = 0; i < N; i++)
        values[i] = i + 1;
    int ran = 0;
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++)
        if (argc < 2 || strcmp(argv[1], modes[m].name) == 0) {
            modes[m].run();
            ran++;
        }
    if (!ran) {
        fprintf(stderr, "usage: thread_sum [globals|ids|struct|heap]\n");
        return 1;
    }
    return 0;
}
