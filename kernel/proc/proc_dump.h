// ^P on the console: print every process and thread, without locks (the
// system may be wedged, which is when ^P is most useful).
#pragma once

namespace proc_dump {
void print_table();
}
