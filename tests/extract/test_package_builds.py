"""Package builders' own failure lines (runners/packaging.py): rpmbuild, mock, dnf builddep, patch, debhelper,
dpkg, makepkg, abuild, BitBake, Portage, Nix, Buildroot.

Trimmed real samples, origin in a comment above each. Each test checks the failure a job shows (the cause,
once) and, where it matters, that the builder's verdict under it is a symptom, not a second failure.
"""

from __future__ import annotations

from classifier.extract import extract_document
from classifier.model import ErrorRecord, Role, Severity
from tests.extract.helpers import bytes_doc


def _errors(log: str) -> dict[int, ErrorRecord]:
    records = extract_document(bytes_doc("build.log", log.encode())).records
    return {r.line_start or 0: r for r in records if r.severity is Severity.ERROR}


def _causes(log: str) -> dict[int, ErrorRecord]:
    return {line: r for line, r in _errors(log).items() if r.role is Role.CAUSE}


# https://github.com/metalefty/X11RDP-RH-Matic/issues/37 (rpmbuild %prep, a patch that no longer applies)
PATCH = """\
+ /usr/bin/patch -p0 --fuzz=0
patching file sesman/sesman.ini
Hunk #1 FAILED at 81.
1 out of 1 hunk FAILED -- saving rejects to file sesman/sesman.ini.rej
error: Bad exit status from /var/tmp/rpm-tmp.duFVwH (%prep)

RPM build errors:
    Bad exit status from /var/tmp/rpm-tmp.duFVwH (%prep)
"""


def test_rejected_hunks_are_the_cause_and_rpms_verdict_a_symptom() -> None:
    found = _errors(PATCH)
    assert [line for line, r in found.items() if r.role is Role.CAUSE] == [4]
    assert found[4].tool_hint == "patch" and found[4].location is not None
    assert found[4].location.file == "sesman/sesman.ini"
    assert found[5].role is Role.SYMPTOM and found[5].framework == "rpm"
    assert 8 not in found  # the recap's copy is a warning


# https://github.com/netdata/netdata/issues/1171 (rpmbuild's %files check)
UNPACKAGED = """\
Checking for unpackaged file(s): /usr/lib/rpm/check-files /root/rpmbuild/BUILDROOT/netdata-1.4.1-1.el7.centos.x86_64
error: Installed (but unpackaged) file(s) found:
   /etc/netdata/node.d/README.md
   /etc/netdata/node.d/named.conf.md


RPM build errors:
    Installed (but unpackaged) file(s) found:
   /etc/netdata/node.d/README.md
   /etc/netdata/node.d/named.conf.md
"""


def test_unpackaged_files_are_one_packaging_failure_naming_the_first_file() -> None:
    found = _causes(UNPACKAGED)
    assert list(found) == [2]
    assert found[2].message == "Installed (but unpackaged) file(s) found: /etc/netdata/node.d/README.md (and 1 more)"
    assert found[2].tool_hint == "packaging" and found[2].line_end == 4


# https://github.com/rerun/rerun/issues/170 (%files lists files the build did not install)
FILES = """\
Processing files: rerun-1.0.2-1
error: File not found: /usr/lib/rerun/modules
error: File not found: /usr/lib/rerun/modules/stubbs/tests
error: File not found: /usr/bin/rerun
make: *** [rpm] Error 1
"""


def test_a_run_of_missing_files_is_one_record() -> None:
    found = _causes(FILES)
    assert list(found) == [2]
    assert found[2].message == "File not found: /usr/lib/rerun/modules (and 2 more)" and found[2].line_end == 4


# https://github.com/Rudd-O/git-remote-qubes/issues/5 (rpmbuild without its BuildRequires installed)
BUILD_DEPS = """\
error: Failed build dependencies:
\tgit is needed by git-remote-qubes-0.1.0-1.noarch
\tmake is needed by git-remote-qubes-0.1.0-1.noarch
make: *** [Makefile:30: rpm] Error 1
"""


def test_failed_build_dependencies_are_a_dependency_error() -> None:
    found = _causes(BUILD_DEPS)
    assert list(found) == [1]
    assert found[1].tool_hint == "dependency"
    expected = "Failed build dependencies: git is needed by git-remote-qubes-0.1.0-1.noarch (and 1 more)"
    assert found[1].message == expected


# mock's root.log prefix (`DEBUG util.py:446:  `) over dnf builddep's lines; the packages from a fedpkg
# mockbuild of python-cherrypy for EPEL 8 (public notes, search tool's code corpus, stored text 14130153858)
ROOT_LOG = """\
DEBUG util.py:446:  No matching package to install: 'python3-zc-lockfile'
DEBUG util.py:446:  No matching package to install: 'python3dist(cheroot)'
DEBUG util.py:446:  Not all dependencies satisfied
DEBUG util.py:446:  Error: Some packages could not be found.
DEBUG util.py:598:  Child return code was: 1
"""


def test_missing_build_requires_in_roots_log_are_one_dependency_failure() -> None:
    found = _errors(ROOT_LOG)
    assert [line for line, r in found.items() if r.role is Role.CAUSE] == [1]
    assert found[1].message == "No matching package to install: 'python3-zc-lockfile' (and 1 more)"
    assert found[1].tool_hint == "dependency"
    assert found[3].role is Role.SYMPTOM and found[4].role is Role.SYMPTOM
    assert 5 not in found  # mock's echo of the child's status is a warning


# https://github.com/xenserver/buildroot/issues/620 (mock's root.log: yum's transaction check)
DISK = """\
DEBUG util.py:366:  Transaction Check Error:
DEBUG util.py:366:    installing package glibc-common-2.12-1.149.el6_6.5.x86_64 needs 29MB on the / filesystem
DEBUG util.py:366:    installing package cracklib-dicts-2.8.16-4.el6.x86_64 needs 38MB on the / filesystem
"""


def test_a_transaction_check_without_disk_space_is_a_full_disk() -> None:
    found = _causes(DISK)
    assert list(found) == [1] and found[1].tool_hint == "disk"
    assert "needs 29MB on the / filesystem" in found[1].message


# https://github.com/containerbuildsystem/atomic-reactor/issues/250 (mock's closing traceback)
MOCK_TRACEBACK = """\
error: File not found by glob: /builddir/build/BUILDROOT/atomic-reactor-1.4.0-2.el7.x86_64/usr/lib/python2.7/x.py*
    File not found by glob: /builddir/build/BUILDROOT/atomic-reactor-1.4.0-2.el7.x86_64/usr/lib/python2.7/x.py*
Child return code was: 1
EXCEPTION: Command failed. See logs for output.
 # bash --login -c /usr/bin/rpmbuild -bb --target x86_64 --nodeps  /builddir/build/SPECS/atomic-reactor.spec
Traceback (most recent call last):
  File "/usr/lib/python3.4/site-packages/mockbuild/util.py", line 494, in do
    raise exception.Error("Command failed. See logs for output.\\n # %s" % (command,), child.returncode)
mockbuild.exception.Error: Command failed. See logs for output.
"""


def test_mocks_command_failed_traceback_is_a_symptom() -> None:
    found = _errors(MOCK_TRACEBACK)
    assert [line for line, r in found.items() if r.role is Role.CAUSE] == [1]
    assert found[1].message.startswith("File not found by glob: ")
    assert all(r.role is Role.SYMPTOM for line, r in found.items() if line > 1)


# https://github.com/xenserver/buildroot/issues/620 (mock's console when its chroot set-up failed; the cause is in
# root.log)
MOCK_CONSOLE = """\
ERROR: Exception(SRPMS/ocaml-ounit-2.0.0-1.el6.src.rpm) Config(epel-6-x86_64) 0 minutes 9 seconds
ERROR: Command failed. See logs for output.
 # /usr/bin/yum --installroot /var/lib/mock/epel-6-x86_64-ocaml-ounit-2.0.0-1.el6.x86_64.rpm/root/ groupinstall buildsys-build --setopt=tsflags=nocontexts
make: *** [RPMS/x86_64/ocaml-ounit-2.0.0-1.el6.x86_64.rpm] Error 1
"""  # noqa: E501


def test_mocks_closing_exception_and_command_failed_are_symptoms() -> None:
    found = _errors(MOCK_CONSOLE)
    assert found[1].role is Role.SYMPTOM and found[1].framework == "mock"
    assert found[2].role is Role.SYMPTOM and found[2].framework == "mock"


# https://github.com/nnstreamer/nnstreamer/issues/2822 (pdebuild, dh_install --list-missing)
DH_INSTALL = """\
dh_install --sourcedir=debian/tmp --list-missing
dh_install: nnstreamer-util missing files: /usr/bin/nnstreamer-check
dh_install: usr/local/bin/nnstreamer-check exists in debian/tmp but is not installed to anywhere
dh_install: missing files, aborting
debian/rules:67: recipe for target 'override_dh_install' failed
"""


def test_debhelpers_missing_files_are_the_cause_and_its_verdict_a_symptom() -> None:
    found = _errors(DH_INSTALL)
    assert [line for line, r in found.items() if r.role is Role.CAUSE] == [2]
    assert found[2].tool_hint == "packaging"
    assert found[4].role is Role.SYMPTOM and 5 not in found  # make's recipe line is a warning


# https://github.com/scylladb/scylladb/issues/3039 (dh_auto_test under pybuild)
PYBUILD = """\
   dh_auto_test -O--with-python3 -O--buildsystem=pybuild
dh_auto_test: error: unable to chdir to '/build/scylla-server-2.1/.pybuild/pythonX.Y_3.5/build'
E: pybuild pybuild:274: test: plugin cmake failed with: exit code=2: dh_auto_test --buildsystem=cmake
dh_auto_test: pybuild --test -i python{version} -p 3.5 --dir . returned exit code 13
debian/rules:29: recipe for target 'build' failed
make: *** [build] Error 25
dpkg-buildpackage: error: debian/rules build gave error exit status 2
"""


def test_debhelpers_own_error_leads_and_the_exit_codes_are_symptoms() -> None:
    found = _errors(PYBUILD)
    assert [line for line, r in found.items() if r.role is Role.CAUSE] == [2]
    assert found[3].role is Role.SYMPTOM and found[4].role is Role.SYMPTOM


# https://github.com/compatibleone/accords-platform/issues/34 (dh_shlibdeps)
SHLIBDEPS = """\
dpkg-shlibdeps: error: couldn't find library libcosql.so.0 needed by debian/libcocspi0/usr/lib/libcocspi.so.0.0.0 (ELF format: 'elf32-i386'; RPATH: '')
dpkg-shlibdeps: error: cannot continue due to the error above
Note: libraries are not searched in other binary packages that do not have any shlibs or symbols file.
dh_shlibdeps: dpkg-shlibdeps -Tdebian/libcocspi0.substvars debian/libcocspi0/usr/lib/libcocspi.so.0.0.0 returned exit code 2
make: *** [binary-arch] Error 2
"""  # noqa: E501


def test_a_library_shlibdeps_cannot_find_is_a_dependency_error() -> None:
    found = _errors(SHLIBDEPS)
    assert [line for line, r in found.items() if r.role is Role.CAUSE] == [1]
    assert found[1].tool_hint == "dependency"
    assert found[2].role is Role.SYMPTOM and found[4].role is Role.SYMPTOM


# https://github.com/xenserver/buildroot/issues/544 (dpkg-source, one error per binary file)
DPKG_SOURCE = """\
dpkg-source: info: using source format `3.0 (quilt)'
dpkg-source: error: cannot represent change to libnl-doc-3.2.22/api/bc_s.png: binary file contents changed
dpkg-source: error: add libnl-doc-3.2.22/api/bc_s.png in debian/source/include-binaries if you want to store the modified binary in the Debian tar-ball
dpkg-source: error: cannot represent change to libnl-doc-3.2.22/api/bdwn.png: binary file contents changed
"""  # noqa: E501


def test_dpkg_sources_errors_are_one_record() -> None:
    found = _causes(DPKG_SOURCE)
    assert list(found) == [2] and found[2].line_end == 4 and found[2].message.endswith("(and 2 more)")


# https://github.com/M-Reimer/wine-lol/issues/19 (makepkg's prepare())
MAKEPKG = """\
==> Starting prepare()...
ln: failed to create symbolic link 'glibc/glibc-2.29': File exists
==> ERROR: A failure occurred in prepare().
    Aborting...
"""


def test_makepkgs_verdict_is_a_symptom_of_the_command_above() -> None:
    found = _errors(MAKEPKG)
    assert [line for line, r in found.items() if r.role is Role.CAUSE] == [2]
    assert found[3].role is Role.SYMPTOM and found[3].framework == "makepkg"


# https://github.com/andyshinn/docker-alpine-abuild/issues/9 (abuild: the cause has no error word)
ABUILD = """\
make: Leaving directory '/home/builder/package/src/node-v6.6.0/out'
attr_set: Not supported
Could not set "pax.flags" for out/Release/mksnapshot
>>> ERROR: nodejs: all failed
>>> nodejs: Uninstalling dependencies...
"""


def test_abuilds_verdict_is_read_back_to_the_line_above_it() -> None:
    found = _errors(ABUILD)
    assert [line for line, r in found.items() if r.role is Role.CAUSE] == [3]
    assert found[4].role is Role.SYMPTOM and found[4].framework == "abuild"


# https://github.com/meta-debian/meta-debian/issues/79 (BitBake's failed task and its log)
BITBAKE = """\
ERROR: libgcc-4.9.2-r0 do_unpack_extra: Function failed: do_unpack_extra (log file is located at /build/tmp/work/libgcc/4.9.2-r0/temp/log.do_unpack_extra.3868)
ERROR: Logfile of failure stored in: /build/tmp/work/libgcc/4.9.2-r0/temp/log.do_unpack_extra.3868
Log data follows:
| DEBUG: Executing shell function do_unpack_extra
| cp: cannot stat '/build/tmp/work-shared/gcc-4.9.2-r0/git/debian': No such file or directory
| WARNING: exit code 1 from a shell command.
ERROR: Task (/poky/meta-debian/recipes-debian/gcc/libgcc_debian.bb:do_unpack_extra) failed with exit code '1'
"""  # noqa: E501


def test_bitbakes_task_verdicts_are_symptoms_of_the_tasks_log() -> None:
    found = _errors(BITBAKE)
    assert [line for line, r in found.items() if r.role is Role.CAUSE] == [5]
    assert all(found[line].role is Role.SYMPTOM for line in (1, 2, 7))


# https://github.com/gentoo/gentoo/pull/1573 (Portage's die message) and
# https://github.com/vowstar/vowstar-overlay/issues/7 (emerge's status line, the reason after `>>> `)
PORTAGE = """\
 * ERROR: net-irc/irssi-xmpp-0.53::gentoo failed (prepare phase):
 *   eapply_user (or default) must be called in src_prepare()!
"""
EMERGE = """\
Jobs: 0 of 1 complete, 1 failed                 Load avg: 1.08, 0.52, 0.48
>>> ERROR: sci-mathematics/octave-ocl-1.1.1::vowstar failed (prepare phase):
>>> The source directory '/var/tmp/portage/sci-mathematics/octave-ocl-1.1.1/work/ocl-1.1.1' doesn't exist
"""
# https://github.com/zhtengw/deepin-overlay/issues/120 (the reason only names the command that failed)
EMAKE = """\
make[1]: Leaving directory '/var/tmp/portage/dde-base/dde-file-manager-5.2.0.82/work'
 * ERROR: dde-base/dde-file-manager-5.2.0.82::deepin failed (compile phase):
 *   emake failed
"""


def test_portages_reason_is_the_cause_unless_it_only_names_the_command() -> None:
    found = _causes(PORTAGE)
    assert list(found) == [1]
    assert found[1].message == "eapply_user (or default) must be called in src_prepare()! (prepare phase)"
    emerge = _errors(EMERGE)
    assert emerge[1].role is Role.SYMPTOM
    assert emerge[2].role is Role.CAUSE and emerge[2].message.startswith("The source directory '")
    emake = _errors(EMAKE)
    assert emake[2].role is Role.SYMPTOM and emake[2].tool_hint == "exit_code"


# https://github.com/ezKEa/aagl-gtk-on-nix/issues/213 (Nix's stdenv unpackPhase, quoted under the builder's
# verdict)
NIX = """\
error: builder for '/nix/store/y0wr1gykc6rfiwvagfwwai7qmjw3vspn-cargo-1.90.0-x86_64-unknown-linux-gnu.drv' failed with exit code 1;
        last 3 log lines:
        > Running phase: unpackPhase
        > unpacking source archive /nix/store/asdd2b7jymdmpqq36zdpv1is5r5jmq6l-unknown
        > do not know how to unpack source archive /nix/store/asdd2b7jymdmpqq36zdpv1is5r5jmq6l-unknown
"""  # noqa: E501


def test_nixs_unpack_failure_is_the_cause_under_the_builders_verdict() -> None:
    found = _errors(NIX)
    assert [line for line, r in found.items() if r.role is Role.CAUSE] == [5]
    assert found[1].role is Role.SYMPTOM


# https://github.com/RuneAudio/RuneOS/issues/13 (autoconf's error on the line of the check it ends)
CONFIGURE = """\
checking configure summary... configure: error: summary failure. Aborting config
==> ERROR: A failure occurred in build().
    Aborting...
"""


def test_autoconfs_error_after_a_check_is_read() -> None:
    found = _errors(CONFIGURE)
    assert found[1].role is Role.CAUSE and found[1].framework == "autoconf"
    assert found[1].message == "summary failure. Aborting config"


# The RPM Packaging Guide (rpm-packaging-guide), rpmlint on the pello binary RPM (search tool's code corpus,
# stored text 6713585208)
RPMLINT = """\
pello.noarch: W: invalid-url URL: https://www.example.com/pello HTTP Error 404: Not Found
pello.noarch: W: only-non-binary-in-usr-lib
pello.noarch: W: no-documentation
pello.noarch: E: non-executable-script /usr/lib/pello/pello.py 0644L /usr/bin/env
pello.noarch: W: no-manual-page-for-binary pello
1 packages and 0 specfiles checked; 1 errors, 4 warnings.
"""


def test_rpmlints_error_tag_is_a_lint_finding_and_its_warnings_are_not() -> None:
    found = _errors(RPMLINT)
    assert [line for line, r in found.items() if r.role is Role.CAUSE] == [4]
    assert found[4].tool_hint == "lint" and found[4].code == "non-executable-script"
    assert found[6].role is Role.SYMPTOM
    assert not {1, 2, 3, 5} & set(found)


# Kali's packaging documentation, an sbuild log's lintian section (search tool's code corpus, stored text
# 19593871110)
LINTIAN = """\
E: instaloader source: source-is-missing [docs/_static/bootstrap-4.1.3.bundle.min.js]
W: instaloader: no-manual-page [usr/bin/instaloader]

E: Lintian run failed (runtime error)
"""


def test_lintians_error_tag_is_a_lint_finding_and_its_verdict_a_symptom() -> None:
    found = _errors(LINTIAN)
    assert [line for line, r in found.items() if r.role is Role.CAUSE] == [1]
    assert found[1].framework == "lintian" and found[1].code == "source-is-missing"
    assert found[4].role is Role.SYMPTOM and 2 not in found


# Copr's user documentation (FAQ: a build killed at its time limit; search tool's code corpus, stored text
# 14283931318)
COPR_TIMEOUT = """\
+ make -j2
!! Copr timeout => sending INT
Copr build error: Build failed
Shared connection to builder closed.
"""


def test_coprs_timeout_is_the_cause_and_its_build_error_a_symptom() -> None:
    found = _errors(COPR_TIMEOUT)
    assert found[2].role is Role.CAUSE and found[2].tool_hint == "timeout"
    assert found[3].role is Role.SYMPTOM


# https://github.com/fedora-infra/koschei/issues/346 (Koji's task result)
KOJI = "BuildrootError: could not init mock buildroot, mock exited with status 30; see root.log for more information\n"


def test_kojis_build_error_is_a_symptom_of_mocks_logs() -> None:
    assert _errors(KOJI)[1].role is Role.SYMPTOM
