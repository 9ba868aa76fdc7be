/* detached: threads nobody joins. The lecture's show_progress thread,
 * started joinable and then detached, and a second thread started
 * detached through its attributes. A detached thread's stack and
 * descriptor are freed by the library when it ends; its result is
 * lost, and pthread_join on it is an error (EINVAL).
 *
 * Detached does not mean independent of the process: when main
 * returns, exit ends every thread, detached or not. So main waits here
 * (a semaphore the workers post) before returning.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static sem_t finished; /* posted by each detached thread as it ends */

static void* show_progress(void* arg) {
    const char* who = arg;
    for (int step = 1; step <= 3; step++) {
        printf("%s: progress %d/3\n", who, step);
        usleep(10000);
    }
    sem_post(&finished);
    return NULL; /* nobody will ever see this */
}

static void spawn_show_progress_thread(void) {
    pthread_t show_progress_thread;
    pthread_create(&show_progress_thread, NULL, show_progress, "detached later");
    /* instead of keeping pthread_t around to join the thread later: */
    pthread_detach(show_progress_thread);
}

static pthread_t spawn_detached_thread(void) {
    pthread_t thread;
    pthread_attr_t attrs;
    pthread_attr_init(&attrs);
    pthread_attr_setdetachstate(&attrs, PTHREAD_CREATE_DETACHED);
    pthread_create(&thread, &attrs, show_progress, "started detached");
    pthread_attr_destroy(&attrs);
    return thread;
}

int main(void) {
    spawn_show_progress_thread();
    pthread_t started_detached = spawn_detached_thread();
    int r = pthread_join(started_detached, NULL);
    printf("main: pthread_join on a detached thread returned %d (%s)\n", r, strerror(r));
    printf("main: doing other stuff while they run\n");
    sem_wait(&finished);
    sem_wait(&finished);
    printf("main: both detached threads finished; nobody joined them\n");
    return 0;
}
