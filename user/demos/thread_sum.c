/* thread_sum: the lecture's sum example (notes 003), in all five of its
 * versions. Two threads each add up half of an array of 1..1024; how a
 * thread learns which half, and where its result goes, is what changes.
 *
 *   thread_sum [globals|ids|struct|stack|heap]    default: all five in turn
 *
 *   globals  two thread functions, one per half, results in globals
 *   ids      one function; the argument is the thread's number (cast to
 *            a pointer), results in a global array indexed by it
 *   struct   the argument points at an info struct (its part, its
 *            result) in sum_all's frame, on the main thread's stack;
 *            the values are still a global
 *   stack    the values too live on the main thread's stack and reach
 *            the threads through a pointer in the struct: a thread
 *            reads and writes another thread's stack. Fine only because
 *            sum_all waits (pthread_join) before its frame goes away.
 *   heap     the structs, pthread_t included, are malloc'ed: one
 *            function starts the threads and returns, another joins
 *            them later and frees the structs
 *
 * After each version the program prints where its data lives, sorted by
 * address, as the lecture's memory-layout slides draw it: the globals
 * low (just above the code), the heap above them, each thread's stack
 * (an mmap'ed region) higher up, and the main thread's stack at the top.
 * A thread's stack is shown by the address of one of its locals.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 1024
static int values[N];
static const int expected = N * (N + 1) / 2;

/* ---------------------------------------------------------------- where things live */

/* Addresses noted during one version, printed sorted when it ends. */
#define MAX_SIGHTINGS 16
static struct {
    const void* address;
    char what[48];
} sightings[MAX_SIGHTINGS];
static int nsightings;
static pthread_mutex_t sightings_lock = PTHREAD_MUTEX_INITIALIZER;

static void note(const void* address, const char* what) {
    pthread_mutex_lock(&sightings_lock); /* threads note concurrently */
    if (nsightings < MAX_SIGHTINGS) {
        sightings[nsightings].address = address;
        snprintf(sightings[nsightings].what, sizeof sightings[0].what, "%s", what);
        nsightings++;
    }
    pthread_mutex_unlock(&sightings_lock);
}

static void note_thread_stack(int id, const void* local) {
    char what[48];
    snprintf(what, sizeof what, "stack of thread %d (its local sum)", id);
    note(local, what);
}

static int wrong; /* versions whose sum came out wrong: the exit status */

static void report(const char* how, int sum) {
    wrong += sum != expected;
    printf("%-8s sum of 1..1024 = %d (expected %d)\n", how, sum, expected);
    /* Insertion sort, highest address first: the slides put the stack on top. */
    for (int i = 1; i < nsightings; i++)
        for (int j = i; j > 0 && sightings[j].address > sightings[j - 1].address; j--) {
            __typeof__(sightings[0]) t = sightings[j];
            sightings[j] = sightings[j - 1];
            sightings[j - 1] = t;
        }
    for (int i = 0; i < nsightings; i++)
        printf("    0x%010lx  %s\n", (unsigned long)sightings[i].address, sightings[i].what);
    nsightings = 0;
}

/* ---------------------------------------------------------------- globals */

static int front_sum, back_sum;

static void* sum_front(void* unused) {
    (void)unused;
    int sum = 0;
    for (int i = 0; i < N / 2; i++)
        sum += values[i];
    front_sum = sum;
    note_thread_stack(0, &sum);
    return NULL;
}

static void* sum_back(void* unused) {
    (void)unused;
    int sum = 0;
    for (int i = N / 2; i < N; i++)
        sum += values[i];
    back_sum = sum;
    note_thread_stack(1, &sum);
    return NULL;
}

static void with_globals(void) {
    pthread_t front, back;
    pthread_create(&front, NULL, sum_front, NULL);
    pthread_create(&back, NULL, sum_back, NULL);
    pthread_join(front, NULL);
    pthread_join(back, NULL);
    note(values, "values[] (global)");
    note(&front_sum, "front_sum, back_sum (globals)");
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
    note_thread_stack(id, &sum);
    return NULL;
}

static void with_ids(void) {
    pthread_t threads[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&threads[i], NULL, sum_part, (void*)(long)i);
    for (int i = 0; i < 2; i++)
        pthread_join(threads[i], NULL);
    note(values, "values[] (global)");
    note(results, "results[] (global)");
    report("ids:", results[0] + results[1]);
}

/* ---------------------------------------------------------------- an info struct */

struct ThreadInfo {
    pthread_t thread; /* used by the heap version */
    const int* values;
    int id, start, end, result;
};

static void* sum_thread(void* argument) {
    struct ThreadInfo* my_info = argument;
    int sum = 0;
    for (int i = my_info->start; i < my_info->end; ++i)
        sum += my_info->values[i];
    my_info->result = sum;
    note_thread_stack(my_info->id, &sum);
    return NULL;
}

static void describe(struct ThreadInfo* info, int i, const int* values_) {
    info->values = values_;
    info->id = i;
    info->start = i * N / 2;
    info->end = (i + 1) * N / 2;
}

static int sum_all(const int* values_) {
    pthread_t threads[2];
    struct ThreadInfo info[2]; /* in this function's frame: main thread's stack */
    for (int i = 0; i < 2; ++i) {
        describe(&info[i], i, values_);
        pthread_create(&threads[i], NULL, sum_thread, &info[i]);
    }
    for (int i = 0; i < 2; ++i)
        pthread_join(threads[i], NULL); /* info must outlive the threads */
    note(info, "info[] with the results (sum_all's frame)");
    printf("front half %d + back half %d\n", info[0].result, info[1].result);
    return info[0].result + info[1].result;
}

static void with_struct(void) {
    int result = sum_all(values);
    note(values, "values[] (global)");
    report("struct:", result);
}

/* ---------------------------------------------------------------- on main's stack */

static void on_the_stack(void) {
    int stack_values[N]; /* 4 KiB in this frame, on the main thread's stack */
    for (int i = 0; i < N; i++)
        stack_values[i] = i + 1;
    int result = sum_all(stack_values);
    note(stack_values, "stack_values[] (main thread's stack)");
    report("stack:", result);
}

/* ---------------------------------------------------------------- on the heap */

static struct ThreadInfo* start_sum_all(const int* values_) {
    struct ThreadInfo* info = malloc(2 * sizeof *info);
    if (info == NULL)
        return NULL;
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
    note(info, "info[] with the results (heap, malloc)");
    free(info);
    return result;
}

static void on_the_heap(void) {
    struct ThreadInfo* pending = start_sum_all(values);
    if (pending == NULL) {
        printf("heap:    malloc failed\n");
        wrong++;
        return;
    }
    printf("heap:    threads started; main is free to do other work meanwhile\n");
    int result = finish_sum_all(pending);
    note(values, "values[] (global)");
    report("heap:", result);
}

int main(int argc, char** argv) {
    static const struct {
        const char* name;
        void (*run)(void);
    } modes[] = {{"globals", with_globals},
                 {"ids", with_ids},
                 {"struct", with_struct},
                 {"stack", on_the_stack},
                 {"heap", on_the_heap}};
    for (int i = 0; i < N; i++)
        values[i] = i + 1;
    int ran = 0;
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++)
        if (argc < 2 || strcmp(argv[1], modes[m].name) == 0) {
            int local;
            note(&local, "main's local (main thread's stack)");
            modes[m].run();
            printf("\n");
            ran++;
        }
    if (!ran) {
        fprintf(stderr, "usage: thread_sum [globals|ids|struct|stack|heap]\n");
        return 1;
    }
    return wrong ? 1 : 0;
}
