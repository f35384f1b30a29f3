package org.phonerescue.cli.serve;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * What the serve tests need from the machine: real clients, root, network namespaces. Missing
 * on a developer machine: the test is skipped. Missing in CI ({@code CI=true}): the test fails.
 */
final class Requirements {

    private Requirements() {
    }

    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static void missing(String what) {
        if (inCi()) {
            fail(what + " (required in CI)");
        }
        assumeTrue(false, what);
    }

    static void commands(String... commands) {
        for (String c : commands) {
            if (find(c) == null) {
                missing(c + " is not installed (scripts/install-system-packages.sh installs it)");
            }
        }
    }

    static void root() {
        if (!"root".equals(System.getProperty("user.name"))) {
            missing("this test needs root (network namespaces, privileged ports)");
        }
    }

    static Path find(String command) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Paths.get(dir, command);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
