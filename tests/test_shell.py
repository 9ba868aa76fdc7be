"""The shell: pipes, redirection, lists, background jobs, exit statuses,
line editing. Runs on 1 and 2 harts, one boot per hart count.

Skipped only while there is no disk image (build/fs.img) yet; once there
is one, a shell that does not come up fails these tests.
"""

import hashlib
import re

import pytest

from weft import EXIT_STATUS_RE, FS_IMAGE, lines, run_fsck

pytestmark = pytest.mark.harts(1, 2)


def test_pipe_into_wc(weft):
    out = weft.run("echo hello weft | wc")
    assert out.split()[:3] == ["1", "2", "11"], out


def test_echo_prints_its_arguments(weft):
    assert weft.run("echo hello   weft") == "hello weft\n"


def test_unknown_command_prints_one_line_and_the_shell_goes_on(weft):
    out = weft.run("no-such-command")
    assert len(lines(out)) == 1, out
    assert "no-such-command" in out, out
    assert len(lines(weft.run("no-such-command | wc"))) == 1  # nothing runs
    assert weft.run("echo still here") == "still here\n"


def test_redirect_output_append_and_input(weft):
    assert weft.run("echo one > redir.txt") == ""
    assert weft.run("echo two >> redir.txt") == ""
    assert weft.run("cat redir.txt") == "one\ntwo\n"
    out = weft.run("wc < redir.txt")
    assert out.split()[:3] == ["2", "2", "8"], out
    # '>' truncates what was there.
    weft.run("echo three > redir.txt")
    assert weft.run("cat < redir.txt") == "three\n"


def test_quotes_keep_spaces_and_hash_starts_a_comment(weft):
    assert weft.run("""echo 'a  b' "c  d" e""") == "a  b c  d e\n"
    assert weft.run("echo visible # not this") == "visible\n"
    assert weft.run("# only a comment") == ""


def test_semicolon_runs_commands_in_order(weft):
    assert weft.run("echo a ; echo b;echo c") == "a\nb\nc\n"


def test_cd_changes_the_directory_of_later_commands(weft):
    weft.run_ok("mkdir cd-test")
    weft.run_ok("cd cd-test")
    weft.run_ok("echo inside > file")
    weft.run_ok("cd ..")
    assert weft.run("cat cd-test/file") == "inside\n"
    assert weft.run("cat file").strip() != "inside"  # not in the parent


def test_cd_to_a_missing_directory_reports_and_goes_on(weft):
    out = weft.run("cd /no/such/dir")
    assert len(lines(out)) == 1, out
    assert weft.run("echo ok") == "ok\n"


def test_background_job_does_not_block_the_shell(weft):
    # A very long sleep in the background: if the shell waited for it,
    # the next command would time out.
    weft.run("sleep 100000 &")
    assert weft.run("echo foreground") == "foreground\n"


def test_background_job_runs(weft):
    weft.run("echo from-background > bg.txt &")
    # The job finishes in its own time; ask until its file has the line.
    for _ in range(20):
        out = weft.run("cat bg.txt")
        if out == "from-background\n":
            break
        assert "command not found" not in out, out
    else:
        pytest.fail("the background job never wrote bg.txt\n" + weft.console)


def test_failing_command_reports_its_exit_status(weft):
    out = weft.run("cat /no-such-file")
    status = EXIT_STATUS_RE.search(out)
    assert status, out
    assert status.group(1) == "cat", out
    assert int(status.group(2)) != 0, out
    # A command that succeeds reports nothing.
    assert not EXIT_STATUS_RE.search(weft.run("echo fine"))


def test_dollar_question_is_the_last_exit_status(weft):
    assert weft.run("sh -c 'exit 3'; echo $?").splitlines()[-1] == "3"
    assert weft.run("echo hi > /dev/null; echo status=$?") == "status=0\n"
    # A command not found is 127; "..." expands it, '...' does not.
    out = weft.run("nosuchcommand; echo \"was $?\" 'not $?'")
    assert out.splitlines()[-1] == "was 127 not $?", out
    # A pipeline's status is its last command's.
    assert weft.run("sh -c 'exit 5' | sh -c 'exit 7'; echo $?").splitlines()[-1] == "7"


def test_ctrl_u_erases_the_line(weft):
    assert weft.run("echo wrong\x15echo right") == "right\n"


def test_backspace_erases_one_character(weft):
    assert weft.run("echo helx\x7flo") == "hello\n"
    assert weft.run("ab\x7f\x7f\x7f\x7f\x7fecho cd") == "cd\n"  # not past the line start


def test_empty_line_just_prompts_again(weft):
    assert weft.run("") == ""


MAXLINE = 1024  # user/bin/sh.c


def _type_long_line(weft, line):
    """Type a line too long for run() (the console echoes it in pieces);
    return what the shell printed for it, up to the next prompt."""
    weft.send(line + "\n")
    weft.wait_for(line[-40:] + "\n", timeout=120)  # its echo ends here
    start = weft.cursor
    weft.wait_for(re.compile(r"(?m)^\$ "), timeout=120)
    return weft.console[start : weft.cursor - 2]


# 6000: more than the console's input buffer (4096), which then drops
# characters from the middle of the line, never its newline.
@pytest.mark.parametrize("length", [2000, 6000])
def test_a_line_longer_than_the_limit_is_rejected_whole(weft, length):
    line = "echo LEAK" + "y" * (length - 9)
    out = _type_long_line(weft, line)
    # One message, and nothing of the line ran: neither its start (echo
    # would print LEAKyyy...) nor a later piece (yyy...: not found).
    m = re.fullmatch(rf"sh: line too long \((\d+) characters, at most {MAXLINE}\): nothing run\n", out)
    assert m, out
    got = int(m.group(1))
    assert got == length if length < 4096 else MAXLINE < got <= length, out
    assert weft.run("echo still here") == "still here\n"


def test_a_line_at_the_limit_runs(weft):
    word = "z" * (MAXLINE - len("echo "))
    assert weft.run("echo " + word, timeout=120) == word + "\n"
    out = _type_long_line(weft, "echo " + word + "z")
    assert out == f"sh: line too long ({MAXLINE + 1} characters, at most {MAXLINE}): nothing run\n"


def test_halt_powers_off_and_leaves_a_consistent_disk(boot):
    w = boot(harts=2)
    w.run_ok("mkdir fsck-dir")
    w.run_ok("echo some data > fsck-dir/file")
    assert w.shutdown() == 0, w.console
    result = run_fsck(w.fs_image)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_boot_that_writes_files_leaves_build_fs_img_alone(boot):
    # Every boot runs on its own copy of the image (weft.py), so tests can
    # write freely; build/fs.img stays what make built. (make qemu, by
    # hand, does use build/fs.img itself, as xv6's does: make rebuilds it.)
    before = hashlib.sha256(FS_IMAGE.read_bytes()).hexdigest()
    w = boot(harts=1)
    w.run_ok("mkdir img-dir")
    w.run_ok("echo written by a test > img-dir/file")
    w.run_ok("rm img-dir/file")
    assert w.shutdown() == 0, w.console
    assert w.fs_image != FS_IMAGE
    assert hashlib.sha256(FS_IMAGE.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("command, reason", [
    ("cat nosuchfile", "cat: nosuchfile: No such file or directory"),
    ("wc nosuchfile", "wc: nosuchfile: No such file or directory"),
    ("grep x nosuchfile", "grep: nosuchfile: No such file or directory"),
    ("ls nosuchfile", "ls: nosuchfile: No such file or directory"),
    ("cat /bin/ls/x", "cat: /bin/ls/x: Not a directory"),
    ("rm nosuchfile", "rm: nosuchfile: No such file or directory"),
    ("mkdir /bin", "mkdir: /bin: File exists"),
])
def test_tools_say_why_they_failed(weft, command, reason):
    out = weft.run(command + "; echo status $?")
    assert reason in out, out
    assert re.search(r"(?m)^status [1-9]\d*$", out), out


# ---------------------------------------------------------------- the xv6 root's printf

def test_xv6_printf_formats_as_xv6_does(weft):
    # The xv6 root's printf runs on the user library's one engine
    # (user/lib/format.c); xv6's conversions keep xv6's output, %p too.
    out = weft.run_ok("xv6printf")
    assert "|42|-7|3000000000|beef|-1234567890123|9000000000|fedcba9876543210|" in out, out
    assert "|   42|42   |00042|xv6|left  | right|z|%|" in out, out
    assert "|0x0000000087f6b000|0x0000000000000000|" in out, out
    assert "|fprintf on fd 2|" in out, out
