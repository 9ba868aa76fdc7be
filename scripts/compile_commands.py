#!/usr/bin/python3
"""Write compile_commands.json (for clangd) to stdout.

Usage: compile_commands.py "<kernel compiler and flags>" "<user compiler and flags>"
Every kernel/*.cpp gets the kernel command, every user/**/*.c(pp) the user one.
"""
import json
import os
import sys

root = os.getcwd()
kernel_cmd, user_cmd = sys.argv[1], sys.argv[2]
entries = []
for top, cmd in (("kernel", kernel_cmd), ("user", user_cmd)):
    for dirpath, _, files in os.walk(top):
        for f in sorted(files):
            if f.endswith((".cpp", ".c")):
                path = os.path.join(dirpath, f)
                entries.append({"directory": root, "file": path,
                                "command": f"{cmd} -c {path}"})
json.dump(entries, sys.stdout, indent=1)
