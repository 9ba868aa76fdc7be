/* main_returns: the lecture's threading race.
 *
 * Returning from main is exit(): it ends the whole process, every
 * thread in it. So whether "In the thread" appears depends on whether
 * the new thread gets to its printf before main returns.
 *
 *   main_returns          the race: "In the thread" may or may not print
 *   main_returns join     fix 1: pthread_join waits for the thread
 *   main_returns exit     fix 2: pthread_exit ends only main; the
 *                         process ends when its last thread does
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static void* print_message(void* ignored_argument) {
    (void)ignored_argument;
    printf("In the thread\n");
    return NULL;
}

int main(int argc, char** argv) {
    const char* how = argc > 1 ? argv[1] : "return";
    printf("About to start thread\n");
    pthread_t the_thread;
    pthread_create(&the_thread, NULL, print_message, NULL);
    printf("Done starting thread\n");
    if (strcmp(how, "join") == 0)
        pthread_join(the_thread, NULL); /* WAIT FOR THREAD */
    else if (strcmp(how, "exit") == 0)
        pthread_exit(NULL); /* end main only */
    return 0;               /* exit(0): ends the thread too, perhaps before it printed */
}
