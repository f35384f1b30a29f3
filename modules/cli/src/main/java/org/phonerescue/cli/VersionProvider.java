package org.phonerescue.cli;

import picocli.CommandLine;

/** Reports the version the jar was built as. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = PhoneRescue.class.getPackage().getImplementationVersion();
        return new String[] {"phonerescue " + (v != null ? v : "(development build)")};
    }
}
