// The console: the terminal on the UART, as a device file (major 1).
// Input goes through a line discipline: characters are echoed and
// collected until newline; backspace/DEL erases one, ^U the whole line,
// ^D ends input (a read returns 0), ^P prints the thread table, ^C sends
// SIGINT to the foreground process group and drops the line being typed.
// read() blocks until a whole line is there.
#pragma once

#include "lib/result.h"
#include "lib/user_ptr.h"

namespace console {
// What ^P and ^C do is the process layer's business, above the drivers;
// main.cpp hands it in at boot.
struct ControlKeyActions {
    void (*print_threads)();           // ^P
    void (*interrupt_group)(int pgid); // ^C: for the foreground group (> 0)
};
void init(const ControlKeyActions& actions);
// A byte from the UART (interrupt context).
void input(char c);
// The foreground process group: ^C sends it SIGINT (tcsetpgrp).
void set_foreground_group(int pgid);
int foreground_group();

// The device file's read and write (major 1), on the calling thread's
// user memory. read blocks until a line (or ^D) is typed; EINTR if the
// process is killed while waiting.
Result<usize> read(UserPtr<u8> user_dst, usize n);
Result<usize> write(UserPtr<u8> user_src, usize n);
} // namespace console
