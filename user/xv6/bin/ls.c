// ls: list files. For each argument (default "."): a file prints one
// line, a directory one line per entry. Each line: name (padded to the
// longest possible name), type (1 dir, 2 file, 3 device), inode, size.
// An xv6-style program: built against the xv6 compatibility root; it
// reads directories as arrays of struct dirent, as xv6's ls does.
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/stat.h"
#include "user/user.h"

static void show(const char* name, const struct stat* st) {
    printf("%-14s %d %d %d\n", name, st->type, st->ino, (int)st->size);
}

// The last component of a path.
static const char* base_name(const char* path) {
    const char* p = path + strlen(path);
    while (p > path && p[-1] != '/')
        p--;
    return *p ? p : path;
}

static int list(const char* path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(2, "ls: %s: %s\n", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) < 0) {
        fprintf(2, "ls: %s: %s\n", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (st.type != T_DIR) {
        show(base_name(path), &st);
        close(fd);
        return 0;
    }
    char full[128 + DIRSIZ + 2];
    uint len = strlen(path);
    if (len + 1 + DIRSIZ + 1 > sizeof full) {
        fprintf(2, "ls: %s: path too long\n", path);
        close(fd);
        return -1;
    }
    strcpy(full, path);
    full[len++] = '/';
    struct dirent de;
    int status = 0;
    while (read(fd, &de, sizeof de) == sizeof de) {
        if (de.inum == 0)
            continue;
        char name[DIRSIZ + 1];
        memmove(name, de.name, DIRSIZ);
        name[DIRSIZ] = 0;
        strcpy(full + len, name);
        struct stat est;
        if (stat(full, &est) < 0) {
            fprintf(2, "ls: %s: %s\n", full, strerror(errno));
            status = -1;
            continue;
        }
        show(name, &est);
    }
    close(fd);
    return status;
}

int main(int argc, char* argv[]) {
    if (argc < 2)
        exit(list(".") < 0 ? 1 : 0);
    int status = 0;
    for (int i = 1; i < argc; i++)
        if (list(argv[i]) < 0)
            status = 1;
    exit(status);
}
