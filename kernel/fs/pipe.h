// Pipes: a one-way byte channel between a write end and a read end,
// each an open File (PipeFile, pipe.cpp).
//
//   PipeEnds ends = TRY(make_pipe());   // ends.read, ends.write
//
// Behaviour (POSIX's): read blocks while the pipe is empty and a writer
// remains, returns 0 (end of file) once every write end is closed, and
// returns what is there (at most n bytes) without waiting for n. write
// blocks while the pipe is full; with no read end left it fails with
// EPIPE (the bytes written so far are reported instead, if any). A
// thread blocked in either wakes with EINTR when its process is killed.
#pragma once

#include "fs/file.h"
#include "lib/refptr.h"
#include "lib/result.h"

struct PipeEnds {
    RefPtr<File> read;
    RefPtr<File> write;
};

// A new pipe. ENFILE (file or pipe table full), ENOMEM (no page for the buffer).
Result<PipeEnds> make_pipe();
