"""A warm LibreOffice, driven over UNO, answering conversion requests as JSON lines on stdin/stdout.

Runs under the system Python that has LibreOffice's `uno` module (Debian's python3-uno), not the project's
virtual environment; `pipeline.word.office` starts it and talks to it. It imports nothing from corpath.

Usage: python3 uno_bridge.py PROFILE_URL SOFFICE_BINARY [CORPATH_PID]
Requests:  {"op": "pdf", "src": "file:///abs/in.docx", "out": "file:///abs/out.pdf"[, "bookmark": "name"]}
Every path arrives as a file URL made by the caller (`Path.as_uri()`): `uno.systemPathToFileUrl` would
encode a name through this process's locale, which under LANG=C turns "Québec" into another folder.
           {"op": "load", "src": "file:///abs/in.xlsx"}   (open and close again: does it load?)
Replies:   {"ok": true, "pages": 12, "toc": [[level, "text", page], ...][, "bookmark_text": "..."]}
           or {"ok": false, "error": "..."}
           {"ok": true, "kind": "writer" | "calc" | "other"}   for "load"
The first line written is {"ready": true} once LibreOffice accepts connections.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse

import uno  # noqa: F401  (system Python with python3-uno)
from com.sun.star.beans import PropertyValue  # type: ignore
from com.sun.star.connection import NoConnectException  # type: ignore

STARTUP_SECONDS = 60
WATCH_SECONDS = 0.5


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def start_office(profile_url, soffice):
    pipe_name = "corpath-%d" % os.getpid()
    args = [
        soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
        "--nofirststartwizard", "-env:UserInstallation=" + profile_url,
        "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe_name,
    ]
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + STARTUP_SECONDS
    while True:
        if proc.poll() is not None:
            raise RuntimeError("LibreOffice (%s) exited with code %s before accepting connections"
                               % (soffice, proc.returncode))
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe_name)
            break
        except NoConnectException:
            if time.time() > deadline:
                proc.kill()
                raise RuntimeError("LibreOffice did not accept connections within %d s" % STARTUP_SECONDS) from None
            time.sleep(0.1)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    return proc, desktop


def toc_entries(doc):
    """Update every index (the table of contents) and read back its lines with their levels and pages."""
    entries = []
    indexes = doc.getDocumentIndexes()
    for i in range(indexes.getCount()):
        indexes.getByIndex(i).update()
    for i in range(indexes.getCount()):
        index = indexes.getByIndex(i)
        if index.getServiceName() != "com.sun.star.text.ContentIndex":
            continue
        paragraphs = index.getAnchor().createEnumeration()
        while paragraphs.hasMoreElements():
            para = paragraphs.nextElement()
            style = para.ParaStyleName or ""
            text = para.getString()
            if "\t" not in text:
                continue  # the index title
            label, _, page = text.rpartition("\t")
            digits = "".join(ch for ch in style if ch.isdigit())
            level = int(digits) if digits else 1
            entries.append([level, label, int(page) if page.strip().isdigit() else None])
    return entries


def bookmark_text(doc, name):
    """The text inside bookmark `name` as laid out (fields show their results; paragraphs end in a line
    break), or None when the document has no such bookmark."""
    if not hasattr(doc, "getBookmarks"):
        return None
    marks = doc.getBookmarks()
    if not marks.hasByName(name):
        return None
    return marks.getByName(name).getAnchor().getString()


def convert(desktop, request):
    doc = desktop.loadComponentFromURL(request["src"], "_blank", 0, (prop("Hidden", True), prop("ReadOnly", False)))
    if doc is None:
        raise RuntimeError("LibreOffice could not open %s" % request["src"])
    try:
        toc = []
        if hasattr(doc, "getDocumentIndexes"):
            toc = toc_entries(doc)
        pages = None
        try:
            pages = doc.getCurrentController().getPropertyValue("PageCount")
        except Exception:
            pass
        kind = "writer_pdf_Export" if hasattr(doc, "getDocumentIndexes") else "calc_pdf_Export"
        doc.storeToURL(request["out"],
                       (prop("FilterName", kind), prop("FilterData", (prop("ExportBookmarks", True),))))
        answer = {"ok": True, "pages": pages, "toc": toc}
        if request.get("bookmark"):
            answer["bookmark_text"] = bookmark_text(doc, request["bookmark"])
        return answer
    finally:
        doc.close(True)


def load(desktop, request):
    """Open a document as a user would and close it: LibreOffice's own verdict on whether the file loads.
    RepairPackage is off, so a damaged package is an error here instead of a silently repaired copy."""
    doc = desktop.loadComponentFromURL(request["src"], "_blank", 0,
                                       (prop("Hidden", True), prop("ReadOnly", True), prop("RepairPackage", False)))
    if doc is None:
        raise RuntimeError("LibreOffice could not open %s" % request["src"])
    try:
        if doc.supportsService("com.sun.star.text.TextDocument"):
            kind = "writer"
        elif doc.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
            kind = "calc"
        else:
            kind = "other"
        return {"ok": True, "kind": kind}
    finally:
        doc.close(True)


def office_alive(desktop, proc):
    """False when LibreOffice crashed or the connection to it is gone (the caller then starts a new one)."""
    if proc.poll() is not None:
        return False
    try:
        desktop.getComponents()
        return True
    except Exception:
        return False


def _using(profile):
    """Pids of the other processes whose command line names the profile (LibreOffice's, whatever their group)."""
    me, found = os.getpid(), []
    needle = profile.encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open("/proc/%s/cmdline" % entry, "rb") as fh:
                if needle in fh.read():
                    found.append(int(entry))
        except OSError:
            continue
    return found


def _parent_of(pid):
    try:
        with open("/proc/%d/stat" % pid) as fh:
            return int(fh.read().rpartition(")")[2].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def watch_parent(profile, corpath):
    """Stop LibreOffice and the bridge, and remove the profile, as soon as corpath is gone.

    corpath may die without closing the bridge: killed during LibreOffice's start-up, a second Ctrl-C in a
    batch, a crash. A watcher process forked here (a process, not a thread: a UNO call may hold the
    interpreter for seconds) checks every WATCH_SECONDS that corpath lives and is still the bridge's parent;
    when not, it kills every process started with the profile (the bridge, LibreOffice), removes the profile
    and exits. When the bridge ends while corpath lives, corpath cleans up and the watcher just exits.
    """
    bridge = os.getpid()
    if os.fork() != 0:
        return
    try:  # the watcher holds none of the bridge's pipes, so corpath sees the bridge's end at once
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1):
            os.dup2(null, fd)
        while True:
            bridge_alive = os.getppid() == bridge
            corpath_alive = _parent_of(corpath) is not None and (
                not bridge_alive or _parent_of(bridge) == corpath)
            if corpath_alive and bridge_alive:
                time.sleep(WATCH_SECONDS)
                continue
            if not corpath_alive:
                deadline = time.time() + 10
                while time.time() < deadline:
                    pids = _using(profile)
                    if not pids:
                        break
                    for pid in pids:
                        try:
                            os.kill(pid, signal.SIGKILL)
                        except OSError:
                            pass
                    time.sleep(0.1)
                shutil.rmtree(profile, ignore_errors=True)
            break
    finally:
        os._exit(0)


def main():
    profile_url, soffice = sys.argv[1], sys.argv[2]
    profile = urllib.parse.unquote(urllib.parse.urlparse(profile_url).path)  # the folder, for the watcher
    watch_parent(profile, int(sys.argv[3]) if len(sys.argv) > 3 else os.getppid())
    try:
        proc, desktop = start_office(profile_url, soffice)
    except Exception as exc:
        reply({"ready": False, "error": str(exc)})
        return 1
    try:
        reply({"ready": True})
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            if request.get("op") == "quit":
                break
            try:
                reply(load(desktop, request) if request.get("op") == "load" else convert(desktop, request))
            except Exception as exc:  # report; keep serving unless LibreOffice itself is gone
                alive = office_alive(desktop, proc)
                reply({"ok": False, "fatal": not alive, "error": "%s: %s" % (type(exc).__name__, exc)})
                if not alive:
                    break
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            proc.wait(timeout=10)
        except Exception:
            proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
