"""Failed .NET, Apple and Android app builds in CI logs: one failure each, on the line that says why, with the
category its tool's words give (NuGet, MSBuild, the .NET SDK, xcodebuild and its formatters, CocoaPods, the
Android Gradle plugin)."""

from __future__ import annotations

from pathlib import Path

from classifier.model import Role
from tests.core.ci_logs import failures_of as _failures

# dotnet restore against a private feed, Portuguese SDK: NuGet.targets' code-less error and its indented second
# line (https://github.com/NuGet/docs.microsoft.com-nuget/issues/2696)
NUGET_401 = """\
/usr/share/dotnet/sdk/6.0.201/NuGet.targets(130,5): error : Não é possível carregar o índice de serviço para a origem https://sysdam-nb.pkgs.visualstudio.com/Sysdam/_packaging/Pacotes/nuget/v3/index.json. [/home/pablo/Solveware/SysgeoWebApi/SysGeo/SysGeo/SysGeo.csproj]
/usr/share/dotnet/sdk/6.0.201/NuGet.targets(130,5): error :   Response status code does not indicate success: 401 (Unauthorized). [/home/pablo/Solveware/SysgeoWebApi/SysGeo/SysGeo/SysGeo.csproj]

Ocorreu uma falha no build. Corrija os erros de build e execute novamente.
"""  # noqa: E501


def test_a_nuget_error_and_its_indented_second_line_are_one_refused_restore(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, NUGET_401)
    record = failure.root.record
    assert record.line_start == 1 and record.message.endswith("401 (Unauthorized).")
    assert record.tool_hint == "build"  # located in MSBuild's own file: not the code's compile error
    assert failure.classification.category == "configuration_error"


# VSTS, MSBuild's node prefix on the first line only; the exception that tells the error again with its inner
# exception after ` ---> ` (https://github.com/dotnet/efcore/issues/11128)
NUGET_FATAL = """\
     1>C:\\Program Files\\dotnet\\sdk\\2.1.4\\NuGet.targets(103,5): error : Unable to load the service index for source https://xxx.pkgs.visualstudio.com/_packaging/xxx/nuget/v3/index.json. [d:\\vsts-agent\\_work\\5\\s\\xxx\\xxx.csproj]
C:\\Program Files\\dotnet\\sdk\\2.1.4\\NuGet.targets(103,5): error :   Response status code does not indicate success: 401 (). [d:\\vsts-agent\\_work\\5\\s\\xxx\\xxx.csproj]
         NuGet.Protocol.Core.Types.FatalProtocolException: Unable to load the service index for source https://xxx.pkgs.visualstudio.com/_packaging/xxx/nuget/v3/index.json. ---> System.Net.Http.HttpRequestException: Response status code does not indicate success: 401 ().
"""  # noqa: E501


def test_a_dotnet_exception_that_tells_the_nuget_error_again_is_one_failure_with_it(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, NUGET_FATAL)
    assert failure.root.record.line_start == 1
    assert [evidence.occurrence.record.line_start for evidence in failure.evidence] == [1, 3]
    assert failure.classification.category == "configuration_error"


# a docker build of a .NET 9 project on the 8.0 SDK: NETSDK1045 in MSBuild's `file(l,c): error CODE:` form
# (https://github.com/dotnet/versionsweeper/issues/121)
NETSDK = """\
/usr/share/dotnet/sdk/8.0.404/Sdks/Microsoft.NET.Sdk/targets/Microsoft.NET.TargetFrameworkInference.targets(166,5): error NETSDK1045: The current .NET SDK does not support targeting .NET 9.0.  Either target .NET 8.0 or lower, or use a version of the .NET SDK that supports .NET 9.0. Download the .NET SDK from https://aka.ms/dotnet/download [/app/src/DotNet.Models/DotNet.Models.csproj]
"""  # noqa: E501


def test_the_sdks_netsdk_code_at_a_place_is_the_projects_setup(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, NETSDK)
    assert (failure.root.record.code, failure.root.record.tool_hint) == ("NETSDK1045", "configuration")
    assert failure.classification.category == "configuration_error"


# Azure Pipelines' Visual Studio build: MSBuild's capitalised `Error MSB3644` under `##[error]`
# (https://github.com/actions/runner-images/issues/13502)
MSB3644 = """\
##[error]C:\\Program Files\\Microsoft Visual Studio\\2022\\Enterprise\\MSBuild\\Current\\Bin\\Microsoft.Common.CurrentVersion.targets(1259,5): Error MSB3644: The reference assemblies for .NETFramework,Version=v4.0 were not found. To resolve this, install the Developer Pack (SDK/Targeting Pack) for this framework version or retarget your application. You can download .NET Framework Developer Packs at https://aka.ms/msbuild/developerpacks
"""  # noqa: E501


def test_a_missing_targeting_pack_is_the_runners_setup(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, MSB3644)
    assert failure.root.record.code == "MSB3644"
    assert failure.root.record.message.startswith("The reference assemblies for .NETFramework,Version=v4.0")
    assert failure.classification.category == "configuration_error"


# dotnet test whose test runs MSBuild: the test failed; MSB4181 is VSTest's task failing without an error of its
# own (https://github.com/dotnet/sdk/ TestMsbuild repro README, read_file id 44696210064; trimmed)
VSTEST_TASK = """\
  X Tests.UnitTest1.FailingTest [1s 318ms]
  Error Message:
   Assert.Equal() Failure
Expected: 0
Actual:   1
  Stack Trace:
     at Tests.UnitTest1.FailingTest() in C:\\gh\\tp\\TestMsbuild\\Tests\\UnitTest1.cs:line 38

Test Run Failed.
Total tests: 3
     Passed: 2
     Failed: 1
 Total time: 5.4390 Seconds
C:\\gh\\aspnetcore\\.dotnet\\sdk\\5.0.100-preview.5.20258.4\\Microsoft.TestPlatform.targets(32,5): error MSB4181: The "Microsoft.TestPlatform.Build.Tasks.VSTestTask" task returned false but did not log an error. [C:\\gh\\tp\\TestMsbuild\\Tests\\Tests.csproj]
"""  # noqa: E501


def test_msbuilds_task_that_failed_without_an_error_is_the_tests_symptom(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, VSTEST_TASK)
    assert failure.root.record.test_id == "Tests.UnitTest1.FailingTest"
    assert 14 in [evidence.occurrence.record.line_start for evidence in failure.evidence]
    assert failure.classification.category == "assertion_failure"


# fastlane with xcbeautify: the `❌` mark before Xcode's own error, no error word
# (https://github.com/fastlane/fastlane/pull/30099)
XCBEAUTIFY = """\
[10:19:20]: ▸ ❌ /Volumes/Nexus/Projects/fastlane/fastlaneSampleRn/ios/fastlaneSampleRn.xcodeproj: Signing for "fastlaneSampleRn" requires a development team. Select a development team in the Signing & Capabilities editor. (in target 'fastlaneSampleRn' from project 'fastlaneSampleRn')
"""  # noqa: E501


def test_xcbeautifys_error_mark_is_the_error(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, XCBEAUTIFY)
    assert failure.root.record.message.startswith('Signing for "fastlaneSampleRn" requires a development team.')
    assert failure.classification.category == "configuration_error"


# fastlane scan hides the test's own lines: xcodebuild's `Failing tests:` list is what is left
# (https://github.com/fastlane/fastlane/issues/13780)
FAILING_TESTS = """\
Failing tests:
TestScanUITests.testExample()
** TEST FAILED **
ERROR [2018-11-29 21:45:15.76]: Exit status: 65
+--------------------+---+
|      Test Results      |
+--------------------+---+
| Number of tests    | 3 |
| Number of failures | 1 |
+--------------------+---+
"""


def test_xcodebuilds_failing_tests_list_is_a_recap_naming_the_failed_test(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, FAILING_TESTS)
    [recap] = [e.occurrence.record for e in failure.evidence if e.occurrence.record.line_start == 1]
    assert (recap.role, recap.test_id) == (Role.SYMPTOM, "TestScanUITests.testExample")


# the Android Gradle plugin's manifest merger, no error word (https://github.com/afollestad/aesthetic/issues/141)
MANIFEST = """\
Manifest merger failed : Attribute application@appComponentFactory value=(android.support.v4.app.CoreComponentFactory) from [com.android.support:support-compat:28.0.0] AndroidManifest.xml:22:18-91
	is also present at [androidx.core:core:1.0.0] AndroidManifest.xml:22:18-86 value=(androidx.core.app.CoreComponentFactory).
	Suggestion: add 'tools:replace="android:appComponentFactory"' to <application> element at AndroidManifest.xml:5:5-19:19 to override.
"""  # noqa: E501


def test_the_manifest_mergers_conflict_is_the_projects_setup(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, MANIFEST)
    assert failure.root.record.line_start == 1
    assert failure.classification.category == "configuration_error"


# Gradle's block whose deepest cause is a header over the exception (https://github.com/LeGoffMael/video_editor/issues/33)
WORKERS = """\
FAILURE: Build failed with an exception.

* What went wrong:
Execution failed for task ':app:checkDebugDuplicateClasses'.
> 1 exception was raised by workers:
  java.lang.RuntimeException: Duplicate class com.google.android.exoplayer2.ui.package-info found in modules jetified-exoplayer-common-2.14.1-runtime.jar (com.google.android.exoplayer:exoplayer-common:2.14.1) and jetified-exoplayer-ui-2.13.2-runtime.jar (com.google.android.exoplayer:exoplayer-ui:2.13.2)

* Try:
Run with --stacktrace option to get the stack trace. Run with --info or --debug option to get more log output. Run with --scan to get full insights.

BUILD FAILED in 53s
"""  # noqa: E501


def test_gradles_cause_that_heads_the_exception_below_it_is_that_exception(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, WORKERS)
    record = failure.root.record
    assert (record.line_start, record.exception_type) == (6, "RuntimeException")
    assert record.message.startswith("java.lang.RuntimeException: Duplicate class")
    assert failure.classification.category == "dependency_error"


# A cause that heads a list, not an exception: the SDK components Gradle could not install are its items, and the
# cause stays the failure (a Jenkins console log pasted in an issue, read_file id 15674493080)
SDK_LIST = """\
"Install Android SDK Platform 30 (revision: 3)" failed.

FAILURE: Build failed with an exception.

* What went wrong:
Could not determine the dependencies of task ':app:compileReleaseJavaWithJavac'.
> Failed to install the following SDK components:
      platforms;android-30 Android SDK Platform 30
      build-tools;30.0.1 Android SDK Build-Tools 30.0.1
  Install the missing components using the SDK manager in Android Studio.


* Try:
Run with --stacktrace option to get the stack trace. Run with --info or --debug option to get more log output. Run with --scan to get full insights.

BUILD FAILED in 9s
"""  # noqa: E501


def test_gradles_cause_that_heads_a_list_stays_the_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, SDK_LIST)
    record = failure.root.record
    assert (record.line_start, record.message) == (7, "Failed to install the following SDK components:")
    assert failure.classification.category == "dependency_error"


# AAPT's resource errors, then the plugin's `Failed to execute aapt` over its frames
# (https://github.com/square/leakcanary/issues/1485)
AAPT = """\
/Users/kumaku4/Developer/Android/PTP/android-prj-thebex/thebe/build/intermediates/incremental/mergeSitDebugResources/merged.dir/values/values.xml:972: error: resource android:attr/fontVariationSettings not found.
/Users/kumaku4/Developer/Android/PTP/android-prj-thebex/thebe/build/intermediates/incremental/mergeSitDebugResources/merged.dir/values/values.xml:972: error: resource android:attr/ttcIndex not found.
Failed to execute aapt
com.android.ide.common.process.ProcessException: Failed to execute aapt
	at com.android.builder.core.AndroidBuilder.processResources(AndroidBuilder.java:796)
	at com.android.build.gradle.tasks.ProcessAndroidResources.invokeAaptForSplit(ProcessAndroidResources.java:551)
"""  # noqa: E501


def test_aapts_resource_errors_are_one_compile_failure_under_the_plugins_wrapper(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, AAPT)
    assert failure.root.record.line_start == 1
    assert failure.classification.category == "compilation_error"


# SwiftPM: the driver's report of its frontend's crash over the frontend's assertion
# (https://github.com/swiftlang/swift-package-manager/pull/8076)
SWIFT_SIGNAL = """\
[1999/2062] Compiling Commands DescribedPackage.swift
error: compile command failed due to signal 6 (use -v to see invocation)
swift-frontend: /home/build-user/llvm-project/llvm/include/llvm/Support/Casting.h:109: static bool llvm::isa_impl_cl<clang::RecordDecl, const clang::Decl *>::doit(const From *) [To = clang::RecordDecl, From = const clang::Decl *]: Assertion `Val && "isa<> used on a null pointer"' failed.
Please submit a bug report (https://swift.org/contributing/#reporting-bugs) and include the crash backtrace.
"""  # noqa: E501


def test_the_swift_drivers_signal_report_is_one_failure_with_the_frontends_crash(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, SWIFT_SIGNAL)
    assert failure.root.record.line_start == 3
    assert 2 in [evidence.occurrence.record.line_start for evidence in failure.evidence]


# Bitrise indents the fastlane step's output: `  [19:01:19]: ▸ `; CocoaPods' check script runs diff first
# (https://github.com/bitrise-steplib/steps-fastlane/issues/55)
PODS_SANDBOX = """\
  [19:01:19]: ▸     cd /Users/vagrant/git/platforms/ios
  [19:01:19]: ▸ diff: /Podfile.lock: No such file or directory
  [19:01:19]: ▸ diff: /Manifest.lock: No such file or directory
  [19:01:19]: ▸ error: The sandbox is not in sync with the Podfile.lock. Run 'pod install' or update your CocoaPods installation.
"""  # noqa: E501


def test_the_pods_check_and_the_missing_lock_file_it_names_are_one_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, PODS_SANDBOX)
    assert failure.root.record.message == "diff: /Podfile.lock: No such file or directory"
    assert 4 in [evidence.occurrence.record.line_start for evidence in failure.evidence]
    assert failure.classification.category == "dependency_error"


# CircleCI's Android image: the emulator's system crashed under the instrumentation run
# (https://github.com/CircleCI-Archived/android-image-preview-docs-NN/issues/7)
EMULATOR = """\
Test failed to run to completion. Reason: 'Test run failed to complete. Expected 6 tests, received 1'. Check device logcat for details
Tests on test(AVD) - 10 failed: Test run failed to complete. Expected 6 tests, received 1. onError: commandError=false message=INSTRUMENTATION_ABORTED: System has crashed.
"""  # noqa: E501


def test_an_instrumentation_run_the_device_aborted_is_the_infrastructure(tmp_path: Path) -> None:
    failures = _failures(tmp_path, EMULATOR)
    assert {failure.classification.category for failure in failures} == {"infrastructure_error"}


# SwiftLint --strict under GitHub Actions: its findings as error annotations
# (https://github.com/openfoodfacts/openfoodfacts-ios/pull/899)
SWIFTLINT = """\
Linting 'FlashButton.swift' (41/205)
Error: Comment Spacing Violation: Prefer at least one space after slashes for comments. (comment_spacing)
Error: File Length Violation: File should contain 500 lines or less: currently contains 501 (file_length)
"""


def test_swiftlints_violations_are_lint(tmp_path: Path) -> None:
    failures = _failures(tmp_path, SWIFTLINT)
    assert failures[0].root.record.line_start == 2
    assert {failure.classification.category for failure in failures} == {"lint_error"}


# swift build on Termux: the source's absolute path holds a space (https://github.com/termux/termux-packages/pull/5843)
SWIFT_SPACE = """\
[1/44] Compiling ArgumentParser Argument.swift
/data/data/com.termux/files/home/projects/swift-argument-parser/Sources/ArgumentParser/Parsable Properties/Errors.swift:61:40: error: cannot find 'EXIT_SUCCESS' in scope
  public static let success = ExitCode(EXIT_SUCCESS)
                                       ^~~~~~~~~~~~
"""  # noqa: E501


def test_a_compilers_error_at_an_absolute_path_with_a_space_is_located_there(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, SWIFT_SPACE)
    location = failure.root.record.location
    assert location is not None and location.file.endswith("/Parsable Properties/Errors.swift")
    assert (location.line, failure.classification.category) == (61, "compilation_error")


# fastlane match's fatal error, `[!] msg` (https://github.com/fastlane/fastlane/issues/20716)
MATCH_PASSWORD = """\
[14:24:03]: Couldn't decrypt the repo, please make sure you enter the right password!

[!] Invalid password passed via 'MATCH_PASSWORD'
"""


def test_fastlanes_user_error_is_the_failure(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, MATCH_PASSWORD)
    assert failure.root.record.message == "Invalid password passed via 'MATCH_PASSWORD'"
    assert failure.classification.category == "configuration_error"


# CocoaPods' own `[!]` notices say no error: a green install stays green
# (https://github.com/CocoaPods/CocoaPods/issues/7320, trimmed)
POD_INSTALL = """\
Analyzing dependencies
Downloading dependencies
Installing AFNetworking (3.1.0)
Generating Pods project
Integrating client project
[!] Please close any current Xcode sessions and use `App.xcworkspace` for this project from now on.
Pod installation complete! There are 9 dependencies from the Podfile and 9 total pods installed.
"""


def test_a_cocoapods_notice_is_no_failure(tmp_path: Path) -> None:
    assert _failures(tmp_path, POD_INSTALL) == []


# React Native's run-android: Gradle's block pasted without its FAILURE line, then the CLI's pointer to it
# (https://github.com/inspireui/support/issues/441)
RN_SDK = """\
* What went wrong:
A problem occurred configuring project ':app'.
> SDK location not found. Define location with sdk.dir in the local.properties file or with an ANDROID_HOME environment variable.

* Try:
Run with --stacktrace option to get the stack trace. Run with --info or --debug option to get more log output. Run with --scan to get full insights.

BUILD FAILED in 0s
error Could not install the app on the device, read the error above for details.
error Command failed: ./gradlew app:installDebug
"""  # noqa: E501


def test_gradles_block_without_its_failure_line_is_read_as_with_it(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, RN_SDK)
    assert failure.root.record.line_start == 3
    assert failure.root.record.message.startswith("SDK location not found.")
    assert failure.classification.category == "configuration_error"


# xcodebuild's own assertion (https://github.com/lionheart/openradar-mirror/issues/18175)
DVT = """\
Removing '/Users/dennis/Library/Developer/Xcode/DerivedData/DBNetworkStack-eiyibtvghbwcrwcqoovmcmrdfveo/Build'
2017-07-30 19:41:37.753 xcodebuild[68158:4629974]  DVTAssertions: ASSERTION FAILURE in /Library/Caches/com.apple.xbs/Sources/IDEPlugins_XCBuildSupport/IDEPlugins-13209.6/XCBuildSupport/ServiceSupport/IDEXCBuildProvisioning.m:119
Details:  (sdk) should not be nil.
"""  # noqa: E501


def test_xcodebuilds_own_assertion_is_the_tooling(tmp_path: Path) -> None:
    [failure] = _failures(tmp_path, DVT)
    assert failure.classification.category == "infrastructure_error"


# VSTest's test host that found no runtime, told twice (https://github.com/Azure/azure-sdk-for-net/pull/25713);
# `dotnet exec` of a test assembly: the host's words alone (https://github.com/microsoft/aspire/issues/13297)
TESTHOST = """\
========== Starting test run ==========
Testhost process exited with error: It was not possible to find any compatible framework version
The framework 'Microsoft.NETCore.App', version '2.1.0' was not found.
. Please check the diagnostic logs for more information.
Testhost process exited with error: It was not possible to find any compatible framework version
The framework 'Microsoft.NETCore.App', version '2.1.0' was not found.
"""
DOTNET_EXEC = """\
+ dotnet exec Aspire.RabbitMQ.Client.v6.Tests.dll --report-trx --report-trx-filename TestResults.trx
You must install or update .NET to run this application.

Architecture: x64
Framework: 'Microsoft.NETCore.App', version '10.0.0' (x64)
"""


def test_a_test_host_without_its_runtime_is_the_runners_setup(tmp_path: Path) -> None:
    [told_twice] = _failures(tmp_path, TESTHOST, "vstest.log")
    [alone] = _failures(tmp_path, DOTNET_EXEC, "exec.log")
    assert (told_twice.root.record.line_start, alone.root.record.line_start) == (2, 2)
    assert told_twice.classification.category == alone.classification.category == "configuration_error"
