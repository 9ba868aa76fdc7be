/* ln: make a hard link.  ln target link_name */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
    if (argc != 3) {
        fprintf(stderr, "ln: usage: ln target link_name\n");
        return 1;
    }
    if (link(argv[1], argv[2]) < 0) {
        fprintf(stderr, "ln: %s: %s\n", argv[2], strerror(errno));
        return 1;
    }
    return 0;
}
