/* halt: power the machine off (QEMU exits). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <weft.h>

int main(void) {
    poweroff();
    fprintf(stderr, "halt: %s\n", strerror(errno));
    return 1;
}
