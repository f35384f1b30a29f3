package org.phonerescue.servers.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Tests that need real clients (tftp-hpa, atftp, curl, ...) call {@link #require}. On a developer
 * machine without them the test is skipped; in CI ({@code CI=true}) it fails, so a missing
 * package can never turn the real-client tests into silent skips.
 */
public final class RequiredTools {

    private RequiredTools() {
    }

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Fails (CI) or skips (elsewhere) unless every command is on the PATH. */
    public static void require(String... commands) {
        for (String c : commands) {
            if (find(c) == null) {
                missing(c + " is not installed (scripts/install-system-packages.sh installs it)");
            }
        }
    }

    /** Fails in CI, skips elsewhere. */
    public static void missing(String what) {
        if (inCi()) {
            fail(what);
        }
        assumeTrue(false, what);
    }

    public static Path find(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Paths.get(dir, command);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        for (String dir : new String[] {"/usr/sbin", "/sbin"}) {
            Path p = Paths.get(dir, command);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
