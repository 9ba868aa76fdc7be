#include "drivers/console.h"
#include "lib/atomic.h"
#include "lib/guarded.h"
#include "lib/printk.h"
#include "lib/spinlock.h"
#include "mm/user_memory.h"
#include "proc/wait_queue.h"

namespace {

constexpr char ctrl(char c) {
    return static_cast<char>(c - '@');
}
constexpr char BACKSPACE = '\b';
constexpr char DELETE = 0x7f;

// The input ring, reached only through input_buffer.lock().
//   [read_index, commit_index): complete lines, waiting for read()
//   [commit_index, edit_index): the line being typed, still editable
// A line that fills the ring is handed to read() in pieces (committed
// without its newline) so that it can be read at all. Characters typed
// while the ring is full are dropped, except that the last slot is kept
// for a line's end (newline, ^D): a long line loses its middle, never
// its end, so it cannot run together with the next one. The ring is
// larger than any line the shell accepts (MAXLINE 1024 in sh.c): such a
// line arrives whole unless thousands of characters were typed ahead,
// and a longer one reaches the shell long enough to be rejected.
constexpr usize INPUT_SIZE = 4096;
struct InputBuffer {
    char buf[INPUT_SIZE] = {};
    usize read_index = 0;
    usize commit_index = 0;
    usize edit_index = 0;
};

constinit Guarded<InputBuffer> input_buffer("console", LockRank::Console);
constinit WaitQueue line_ready;                      // readers wait here for commit_index to move
constinit Atomic<int> foreground_pgid{0};            // 0: nobody gets ^C
constinit console::ControlKeyActions control_keys{}; // set once, by init()

void echo(char c) {
    if (c == BACKSPACE) {
        // Erase on screen: back, overwrite with a space, back again.
        printk_write("\b \b", 3);
    } else {
        printk_write(&c, 1);
    }
}

} // namespace

namespace console {

void init(const ControlKeyActions& actions) {
    control_keys = actions;
}

void set_foreground_group(int pgid) {
    foreground_pgid = pgid;
}
int foreground_group() {
    return foreground_pgid.load();
}

void input(char c) {
    if (c == ctrl('P')) {
        control_keys.print_threads();
        return;
    }
    if (c == ctrl('C')) {
        {
            auto in = input_buffer.lock();
            in->edit_index = in->commit_index; // drop the partial line
        }
        printk_write("^C\n", 3);
        int pgid = foreground_pgid.load();
        if (pgid > 0) control_keys.interrupt_group(pgid);
        return;
    }
    auto locked = input_buffer.lock();
    InputBuffer& in = *locked;
    switch (c) {
    case ctrl('U'):
        while (in.edit_index != in.commit_index &&
               in.buf[(in.edit_index - 1) % INPUT_SIZE] != '\n') {
            in.edit_index--;
            echo(BACKSPACE);
        }
        break;
    case BACKSPACE:
    case DELETE:
        if (in.edit_index != in.commit_index) {
            in.edit_index--;
            echo(BACKSPACE);
        }
        break;
    default: {
        if (c == '\r') c = '\n';
        bool line_end = c == '\n' || c == ctrl('D');
        usize used = in.edit_index - in.read_index;
        if (c == 0 || used >= INPUT_SIZE || (!line_end && used >= INPUT_SIZE - 1)) break;
        if (c != ctrl('D')) echo(c);
        in.buf[in.edit_index++ % INPUT_SIZE] = c;
        if (line_end || in.edit_index - in.read_index >= INPUT_SIZE - 1) {
            in.commit_index = in.edit_index;
            line_ready.wake_all();
        }
        break;
    }
    }
}

} // namespace console

namespace console {

Result<usize> read(UserPtr<u8> user_dst, usize n) {
    auto locked = input_buffer.lock();
    InputBuffer& in = *locked;
    while (in.read_index == in.commit_index)
        TRY(line_ready.sleep_interruptible(locked.lock()));

    usize done = 0;
    while (done < n && in.read_index != in.commit_index) {
        char c = in.buf[in.read_index % INPUT_SIZE];
        if (c == ctrl('D')) {
            // End of file: consumed if it comes first, else kept so the
            // next read returns 0.
            if (done == 0) in.read_index++;
            break;
        }
        TRY(copy_to_user(user_dst.offset(done), static_cast<u8>(c)));
        in.read_index++;
        done++;
        if (c == '\n') break;
    }
    return done;
}

Result<usize> write(UserPtr<u8> user_src, usize n) {
    u8 chunk[128];
    usize done = 0;
    while (done < n) {
        usize len = n - done < sizeof chunk ? n - done : sizeof chunk;
        TRY(copy_from_user(chunk, user_src.offset(done), len));
        printk_write(reinterpret_cast<const char*>(chunk), len);
        done += len;
    }
    return done;
}

} // namespace console
