#!/usr/bin/python3
"""Write compile_commands.json (for clangd) to stdout.

Usage: compile_commands.py KERNEL_CMD USER_C_CMD USER_CXX_CMD
(each a compiler with its flags). kernel/**/*.cpp get the kernel command,
user/**/*.c the user C one, user/**/*.cpp the user C++ one.
"""
import json
import os
import sys

root = os.getcwd()
kernel_cmd, user_c_cmd, user_cxx_cmd = sys.argv[1], sys.argv[2], sys.argv[3]
entries = []
for top in ("kernel", "user"):
    for dirpath, _, files in os.walk(top):
        for f in sorted(files):
            if top == "kernel" and f.endswith(".cpp"):
                cmd = kernel_cmd
            elif top == "user" and f.endswith(".c"):
                cmd = user_c_cmd
            elif top == "user" and f.endswith(".cpp"):
                cmd = user_cxx_cmd
            else:
                continue
            path = os.path.join(dirpath, f)
            entries.append({"directory": root, "file": path, "command": f"{cmd} -c {path}"})
json.dump(entries, sys.stdout, indent=1)
