/* sleep: wait a number of seconds (a decimal fraction is allowed: the
 * kernel's clock has 1/100 s ticks). */
#include <stdio.h>
#include <weft.h>

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "sleep: usage: sleep seconds\n");
        return 1;
    }
    long ticks = 0;
    long scale = 0; /* after the '.': ticks one digit is worth; 0 before */
    int seen_point = 0;
    for (const char* s = argv[1]; *s; s++) {
        if (*s == '.' && !seen_point) {
            seen_point = 1;
            scale = WEFT_HZ / 10;
            continue;
        }
        if (*s < '0' || *s > '9' || ticks > 100000000L) {
            fprintf(stderr, "sleep: %s: invalid time interval\n", argv[1]);
            return 1;
        }
        if (!seen_point) {
            ticks = ticks * 10 + (*s - '0') * WEFT_HZ;
        } else {
            ticks += (*s - '0') * scale; /* digits past 1/100 s add nothing */
            scale /= 10;
        }
    }
    sleep_ticks(ticks);
    return 0;
}
