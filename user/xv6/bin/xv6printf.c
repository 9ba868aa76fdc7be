// xv6printf: xv6's printf conversions, each printed between bars, so a
// test can compare the line with what xv6 prints (tests/test_shell.py).
#include "kernel/types.h"
#include "user/user.h"

int main(void) {
    printf("|%d|%d|%u|%x|%ld|%lld|%lx|\n", 42, -7, 3000000000u, 0xbeef, -1234567890123L,
           9000000000LL, 0xfedcba9876543210UL);
    printf("|%5d|%-5d|%05d|%s|%-6s|%6s|%c|%%|\n", 42, 42, 42, "xv6", "left", "right", 'z');
    printf("|%p|%p|\n", (void*)0x87f6b000UL, (void*)0);
    fprintf(2, "|%s on fd %d|\n", "fprintf", 2);
    exit(0);
}
