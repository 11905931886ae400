"""Failed package builds of many builders (rpmbuild, mock, dnf, apk, debhelper, makepkg, Portage, Nix, Homebrew,
BitBake): the failure a developer sees is the builder's cause line, once, with the category its words give.

Trimmed real samples, origin in a comment above each (pasted in issue threads, pull requests and mails).
"""

from __future__ import annotations

from pathlib import Path

from classifier.model import Failure
from tests.core.ci_logs import failures_of


def _only(tmp_path: Path, log: str, name: str = "job.log") -> Failure:
    found = failures_of(tmp_path, log, name)
    assert len(found) == 1, [f.root.record.message for f in found]
    return found[0]


def _at(failure: Failure) -> tuple[int, str]:
    return failure.root.record.line_start or 0, failure.classification.category


# an akmods rebuild of a kmod whose source tarball is gone: tar's child cannot open it, tar's closing lines and
# rpmbuild's verdict follow (a public GitHub notes file quoting an akmods failure on Fedora 37)
AKMODS_TAR = """\
+ tar --use-compress-program xz -xf /usr/share/nvidia-kmod-520.56.06/nvidia-kmod-520.56.06-x86_64.tar.xz
tar (child): /usr/share/nvidia-kmod-520.56.06/nvidia-kmod-520.56.06-x86_64.tar.xz: Cannot open: No such file or \
directory
tar (child): Error is not recoverable: exiting now
tar: Child returned status 2
tar: Error is not recoverable: exiting now
error: Bad exit status from /var/tmp/rpm-tmp.2Y6hNn (%prep)
"""


def test_tars_child_that_cannot_open_the_archive_is_the_cause(tmp_path: Path) -> None:
    assert _at(_only(tmp_path, AKMODS_TAR)) == (2, "configuration_error")


# mock's console logs the build's output at DEBUG level (qemu-devel, "Re: [PULL 6/7] meson: fix meson 0.58 warning
# with libvhost-user subproject", 2021-08-19, Christian Borntraeger; the long cc line trimmed)
MOCK_DEBUG = """\
DEBUG: FAILED: subprojects/libvhost-user/libvhost-user-glib.a.p/libvhost-user-glib.c.o
DEBUG: In file included from ../subprojects/libvhost-user/libvhost-user-glib.h:19,
DEBUG:                  from ../subprojects/libvhost-user/libvhost-user-glib.c:15:
DEBUG: ../subprojects/libvhost-user/libvhost-user.h:23:10: fatal error: standard-headers/linux/virtio_ring.h: \
No such file or directory
DEBUG:    23 | #include "standard-headers/linux/virtio_ring.h"
DEBUG: compilation terminated.
DEBUG: ninja: build stopped: subcommand failed.
DEBUG: make: *** [Makefile:156: run-ninja] Error 1
DEBUG: error: Bad exit status from /var/tmp/rpm-tmp.fgqi3Y (%build)
DEBUG: Child return code was: 1
"""


def test_mocks_debug_prefix_leaves_the_compiler_error(tmp_path: Path) -> None:
    failure = _only(tmp_path, MOCK_DEBUG)
    assert _at(failure) == (4, "compilation_error")
    assert failure.root.record.location is not None
    assert failure.root.record.location.file == "../subprojects/libvhost-user/libvhost-user.h"


# nix-output-monitor's error block: its `┃ ` gutter, Nix's quote of the builder's last lines, a line of stdenv's
# setup run by `eval` (https://github.com/NixOS/nixpkgs/issues/347780)
NOM_EVAL = """\
┏━ 1 Errors:\x20
┃ error: builder for '/nix/store/z91ybgfcwfb16z9qjaynw079yasj0vyy-source-patched.drv' failed with exit code 2;
┃        last 5 log lines:
┃        > Running phase: patchPhase
┃        > /nix/store/9ip31vbkgg0lp4rx042svlllv3945nxq-stdenv-linux/setup: eval: line 231: unexpected EOF while \
looking for matching `''
┃        For full logs, run 'nix log /nix/store/z91ybgfcwfb16z9qjaynw079yasj0vyy-source-patched.drv'.
┣━ Dependency Graph:
"""


def test_nix_output_monitors_gutter_and_an_eval_line_of_stdenv(tmp_path: Path) -> None:
    failure = _only(tmp_path, NOM_EVAL)
    assert _at(failure) == (5, "configuration_error")
    assert failure.root.record.message.startswith("/nix/store/9ip31vbkgg0lp4rx042svlllv3945nxq-stdenv-linux/setup")


# stdenv without a source (https://github.com/mozilla/nixpkgs-mozilla/issues/211), a builder that wrote no output
# (https://github.com/NixOS/nix/issues/13509) and a fixed-output hash under Nix 2.4's header
# (https://github.com/NixOS/nix/issues/4451)
NIX_NO_SRC = """\
building '/nix/store/047nbs7hzqw1zwz4k3iac1s1qgg4sqf2-moz_overlay_shell.drv'...
unpacking sources
variable $src or $srcs should point to the source
builder for '/nix/store/047nbs7hzqw1zwz4k3iac1s1qgg4sqf2-moz_overlay_shell.drv' failed with exit code 1
"""
NIX_NO_OUTPUT = """\
error: build of '/nix/store/pmjy7fp4v6jjb1v06fasrzgs4sg2rvam-test.drv' on 'ssh://agent-2' failed: builder for \
'/nix/store/pmjy7fp4v6jjb1v06fasrzgs4sg2rvam-test.drv' failed to produce output path for output 'out' at \
'/nix/store/pmjy7fp4v6jjb1v06fasrzgs4sg2rvam-test.drv.chroot/root/nix/store/3q3hxld9r4i7x4xwp5m8hn7kbln76c2r-test'
error: Cannot build '/nix/store/pmjy7fp4v6jjb1v06fasrzgs4sg2rvam-test.drv'.
       Reason: builder failed with exit code 1.
"""
NIX_HASH = """\
unpacking source archive /build/v8.0.0.tar.gz
error: --- Error --- nix-daemon
hash mismatch in fixed-output derivation '/nix/store/qaj9d84cls77q2n7c5n1kbdl8p36k58g-source.drv':
  specified: sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
"""


def test_nix_stdenv_and_daemon_errors_are_the_cause(tmp_path: Path) -> None:
    assert _at(_only(tmp_path, NIX_NO_SRC, "a.log")) == (3, "configuration_error")
    assert _at(_only(tmp_path, NIX_NO_OUTPUT, "b.log")) == (1, "configuration_error")
    assert _only(tmp_path, NIX_HASH, "c.log").root.record.line_start == 3  # its header is no second failure


# make's own errors: a target without a rule, old makes quoting it `check' (https://github.com/shadowsocks/
# shadowsocks-libev/issues/715, dh_auto_test), and no makefile under BitBake
# (https://github.com/oe-alliance/oe-alliance-core/issues/581)
MAKE_NO_RULE = """\
Making check in doc
make[2]: Entering directory `/root/shadowsocks-libev/doc'
make[2]: *** No rule to make target `check'.  Stop.
make[2]: Leaving directory `/root/shadowsocks-libev/doc'
make[1]: *** [check-recursive] Error 1
dh_auto_test: make -j1 check returned exit code 2
dpkg-buildpackage: error: debian/rules build gave error exit status 2
"""
BITBAKE_NO_MAKEFILE = """\
ERROR: Logfile of failure stored in: /home/foxbob/et/build/tmp/work/edid-decode/temp/log.do_compile.8811
Log data follows:
| DEBUG: Executing shell function do_compile
| NOTE: make -j 5
| make: *** No targets specified and no makefile found.  Stop.
| ERROR: oe_runmake failed
"""


# automake's GNUmakefile in an unconfigured tree under BitBake (https://github.com/advancedtelematic/meta-updater/
# pull/227)
BITBAKE_UNCONFIGURED = """\
| DEBUG: Executing shell function autotools_preconfigure
| NOTE: make clean
| ERROR: oe_runmake failed
| There seems to be no Makefile in this directory.
| You must run ./configure before running 'make'.
| GNUmakefile:106: recipe for target 'abort-due-to-no-makefile' failed
| make: *** [abort-due-to-no-makefile] Error 1
| ERROR: Function failed: autotools_preconfigure (log file is located at /home/patrick/Code/pro/build/tmp/work/\
core2-64-poky-linux/ostree/v2017.13-r0/temp/log.do_configure.17597)
"""


def test_makes_own_errors_are_the_build_description(tmp_path: Path) -> None:
    assert _at(_only(tmp_path, MAKE_NO_RULE, "a.log")) == (3, "configuration_error")
    assert _at(_only(tmp_path, BITBAKE_NO_MAKEFILE, "b.log")) == (5, "configuration_error")
    assert _at(_only(tmp_path, BITBAKE_UNCONFIGURED, "c.log")) == (4, "configuration_error")


# abuild's builddeps: apk names what it could not install (https://github.com/alpinelinux/docker-abuild/issues/11)
APK = """\
>>> zimwriterfs: Analyzing dependencies...
ERROR: unsatisfiable constraints:
  gumbo-parser-dev (missing):
    required by: .makedepends-zimwriterfs-0[gumbo-parser-dev]
  libzim-dev (missing):
    required by: .makedepends-zimwriterfs-0[libzim-dev]
>>> ERROR: zimwriterfs: builddeps failed
"""


def test_apks_unsatisfiable_constraints_name_the_missing_package(tmp_path: Path) -> None:
    failure = _only(tmp_path, APK)
    assert _at(failure) == (2, "dependency_error")
    assert "gumbo-parser-dev (missing)" in failure.root.record.message


# dnf's unresolvable requirement under a build server's zero-padded line counter
# (https://github.com/SolidCharity/LightBuildServer/issues/128)
DNF_PROVIDERS = """\
[00495] Package curl-7.43.0-4.fc23.x86_64 is already installed, skipping.
[00495] Error: package rpm-build-4.13.0-0.rc1.3.fc23.x86_64 requires rpm = 4.13.0-0.rc1.3.fc23, but none of the \
providers can be installed.
[00495] (try to add '--allowerasing' to command line to replace conflicting packages)
"""


def test_dnfs_unresolvable_requirement_is_a_dependency_error(tmp_path: Path) -> None:
    assert _at(_only(tmp_path, DNF_PROVIDERS)) == (2, "dependency_error")


# rpmbuild's spec parser (https://github.com/glensc/nagios-plugin-check_raid/issues/135) and old debhelper's
# missing files (https://github.com/lumina-desktop/lumina/issues/179, a Launchpad PPA build)
RPM_SPEC = """\
	nagios-plugin-check_raid.spec
error: line 16: Dependency tokens must begin with alpha-numeric, '_' or '/': Requires:	%{plugindir}
Makefile:93: recipe for target 'rpm' failed
make: *** [rpm] Error 1
"""
DH_INSTALL_OLD = """\
   debian/rules override_dh_install
make[1]: Entering directory `/«PKGBUILDDIR»'
dh_install --list-missing
dh_install: libluminautils1 missing files (usr/lib/*/libLuminaUtils.so.1), aborting
make[1]: *** [override_dh_install] Error 20
make: *** [binary-arch] Error 2
dpkg-buildpackage: error: fakeroot debian/rules binary-arch gave error exit status 2
"""


def test_the_spec_and_the_install_files_are_the_packagings(tmp_path: Path) -> None:
    assert _at(_only(tmp_path, RPM_SPEC, "a.log")) == (2, "configuration_error")
    assert _at(_only(tmp_path, DH_INSTALL_OLD, "b.log")) == (4, "configuration_error")


# an ebuild that died in pkg_setup without a message: emerge's recap and job status above it repeat it
# (https://github.com/gentoo/dotnet/issues/482)
PORTAGE_DIE = """\
>>> Emerging (1 of 1) app-editors/visual-studio-code-1.50.0::dotnet
>>> Failed to emerge app-editors/visual-studio-code-1.50.0, Log file:
>>>  '/var/tmp/portage/app-editors/visual-studio-code-1.50.0/temp/build.log'
>>> Jobs: 0 of 1 complete, 1 failed                 Load avg: 1.60, 0.93, 0.92
 * ERROR: app-editors/visual-studio-code-1.50.0::dotnet failed (setup phase):
 *   (no error message)
 *\x20
 * Call stack:
 *                          ebuild.sh, line 125:  Called pkg_setup
 *   visual-studio-code-1.50.0.ebuild, line  42:  Called die
"""


def test_emerges_recap_and_job_status_are_no_failure_of_their_own(tmp_path: Path) -> None:
    assert _only(tmp_path, PORTAGE_DIE).root.record.line_start == 5


# Homebrew's build process raised: its header over the exception (https://github.com/ascii-boxes/boxes/issues/82)
BREW = """\
==> make GLOBALCONF=/usr/local/Cellar/boxes/2.1.1/share/boxes-config CC=clang
Error: An exception occurred within a child process:
  Errno::ENOENT: No such file or directory - src/boxes
"""


def test_homebrews_header_is_no_second_failure(tmp_path: Path) -> None:
    assert _only(tmp_path, BREW).root.record.line_start == 3


# GNU as under a Tizen gbs (OBS-style) build of ffmpeg: an assembler error is a compile error (a public GitHub
# notes file on a gbs build, the `[  213s]` times as the build log has them)
GAS = """\
[  213s] AS	libavcodec/arm/h264cmc_neon.o
[  213s] libavcodec/arm/h264cmc_neon.S: Assembler messages:
[  213s] libavcodec/arm/h264cmc_neon.S:43: Error: bad instruction `sasdd r1,r1,r3'
[  213s] make: *** [ffbuild/common.mak:93: libavcodec/arm/h264cmc_neon.o] Error 1
[  217s] error: Bad exit status from /var/tmp/rpm-tmp.Ebqobj (%build)
"""


def test_an_assembler_error_is_a_compile_error(tmp_path: Path) -> None:
    assert _at(_only(tmp_path, GAS)) == (3, "compilation_error")


# meson before 0.50 under makepkg's check(): `0.32 s` (https://github.com/falconindy/auracle/issues/30), and
# makepkg's last word (https://github.com/mawww/kakoune/issues/1817)
MESON_OLD = """\
==> Starting check()...
 1/12 request_test                            OK       0.01 s\x20
 2/12 response_test                           OK       0.01 s\x20
 3/12 buildorder_integration_test             FAIL     0.32 s (exit status 1)
 4/12 clone_integration_test                  FAIL     0.31 s (exit status 1)
"""
MAKEPKG = """\
Resume: 317 tests, 4 failures
make: *** [Makefile:101: test] Error 4
==> ERROR: A failure occurred in check().
    Aborting...
==> ERROR: Makepkg was unable to build kakoune-git.
"""


def test_old_mesons_failed_tests_and_makepkgs_last_word(tmp_path: Path) -> None:
    first, second = failures_of(tmp_path, MESON_OLD, "a.log")
    assert (first.root.record.test_id, second.root.record.test_id) == (
        "buildorder_integration_test",
        "clone_integration_test",
    )
    found = failures_of(tmp_path, MAKEPKG, "b.log")
    assert "Makepkg was unable" not in " ".join(f.root.record.message for f in found)
