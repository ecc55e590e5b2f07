#!/usr/bin/env python3
"""A Linphone presentity for make-linphone-traces.sh: liblinphone (the library linphonec and the
Linphone apps are built on) driven through its C API, because linphonec 5.1 has no command that
changes the user's presence (its `status` only prints the registration and auto-answer state).

Usage: linphone-presentity.py CONFIG LOG_DIR LOG_NAME
Reads commands on stdin, one a line: `busy` (a presence model with the RFC 4480 activity busy and
a note), `online` (liblinphone's consolidated presence online: the PIDF it publishes at start),
each published (PUBLISH with SIP-If-Match once published), and `quit` (stops the core: PUBLISH
Expires: 0 and REGISTER Expires: 0). The log is liblinphone's own file log (every domain, belle-sip's SIP
messages among them), as the Linphone apps write it.
"""
import ctypes
import ctypes.util
import os
import select
import sys
import time

config, log_dir, log_name = sys.argv[1:4]
lib = ctypes.CDLL("liblinphone.so.10")
vp = ctypes.c_void_p
for name, res, args in [
    ("linphone_logging_service_get", vp, []),
    ("linphone_logging_service_set_log_level", None, [vp, ctypes.c_int]),
    ("linphone_logging_service_set_log_file", None, [vp, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t]),
    ("linphone_factory_get", vp, []),
    ("linphone_factory_create_core_3", vp, [vp, ctypes.c_char_p, ctypes.c_char_p, vp]),
    ("linphone_core_start", ctypes.c_int, [vp]),
    ("linphone_core_iterate", None, [vp]),
    ("linphone_core_set_consolidated_presence", None, [vp, ctypes.c_int]),
    ("linphone_core_create_presence_model_with_activity_and_note", vp,
     [vp, ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]),
    ("linphone_core_set_presence_model", None, [vp, vp]),
    ("linphone_presence_model_unref", None, [vp]),
    ("linphone_presence_activity_new", vp, [ctypes.c_int, ctypes.c_char_p]),
    ("linphone_presence_activity_to_string", ctypes.c_char_p, [vp]),
    ("linphone_presence_activity_unref", None, [vp]),
    ("linphone_core_stop", None, [vp]),
    ("linphone_core_unref", None, [vp]),
]:
    fn = getattr(lib, name)
    fn.restype = res
    fn.argtypes = args

# LinphoneLogLevel is a bit mask: Debug 1, Trace 2, Message 4, Warning 8, Error 16, Fatal 32;
# the level set is the lowest logged. LinphoneConsolidatedPresence: Online 0 (its Busy 1 publishes
# the activity `away`, hence a model of our own for busy).
LOG_MESSAGE = 4
ONLINE = 0


def activity_type(name):
    """The LinphonePresenceActivityType whose RFC 4480 name is `name` (the enum's order differs
    between liblinphone versions)."""
    for value in range(64):
        activity = lib.linphone_presence_activity_new(value, None)
        if not activity:
            continue
        found = lib.linphone_presence_activity_to_string(activity) == name.encode()
        lib.linphone_presence_activity_unref(activity)
        if found:
            return value
    sys.exit(f"no activity {name}")


BUSY = activity_type("busy")

logging = lib.linphone_logging_service_get()
lib.linphone_logging_service_set_log_level(logging, LOG_MESSAGE)
lib.linphone_logging_service_set_log_file(logging, log_dir.encode(), log_name.encode(), 100 << 20)

core = lib.linphone_factory_create_core_3(lib.linphone_factory_get(), config.encode(), None, None)
if not core or lib.linphone_core_start(core) != 0:
    sys.exit("liblinphone did not start")
print("started", flush=True)

pending = b""
running = True
while running:
    lib.linphone_core_iterate(core)
    ready, _, _ = select.select([sys.stdin.buffer], [], [], 0.02)
    if not ready:
        continue
    chunk = os.read(sys.stdin.fileno(), 1024)
    if not chunk:
        break
    pending += chunk
    while b"\n" in pending:
        line, pending = pending.split(b"\n", 1)
        command = line.decode().strip()
        if command == "busy":
            model = lib.linphone_core_create_presence_model_with_activity_and_note(
                core, BUSY, None, b"In a meeting", b"en")
            lib.linphone_core_set_presence_model(core, model)
            lib.linphone_presence_model_unref(model)
            print(command, flush=True)
        elif command == "online":
            lib.linphone_core_set_consolidated_presence(core, ONLINE)
            print(command, flush=True)
        elif command == "quit":
            running = False
        elif command:
            print(f"unknown command: {command}", flush=True)

# linphone_core_stop unregisters and ends the publication, iterating until they are answered.
lib.linphone_core_stop(core)
lib.linphone_core_unref(core)
print("stopped", flush=True)
