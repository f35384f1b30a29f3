package org.phonerescue.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code phonerescue} command: one subcommand per job, the same engine as the workbench. */
@Command(name = "phonerescue",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "PhoneRescue Workbench on the command line: read captures of IP-phone recovery.",
        subcommands = {ListCommand.class, StatsCommand.class, ShowCommand.class, FieldsCommand.class, ServeCommand.class, DhcpOptionsCommand.class, PreflightCommand.class, SpaRecoverCommand.class, DiagnoseCommand.class, CheckImageCommand.class, CheckRootCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the capture was read only in part (damage after some packets; warnings on stderr)",
            "2:wrong usage",
            "3:the file could not be read (missing, unreadable, or not a capture)",
            "4:the output could not be written (e.g. the disk is full)",
            "141:the output's reader went away (e.g. a pipe into head), as for a program ended by SIGPIPE"})
public final class PhoneRescue implements Runnable {

    /** Some packets were listed, but the file is damaged further on. */
    public static final int EXIT_PARTIAL = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_UNREADABLE = 3;
    public static final int EXIT_OUTPUT = 4;
    /** 128 + SIGPIPE (13): what a shell reports for a program that SIGPIPE ended. */
    public static final int EXIT_OUTPUT_CLOSED = 141;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'list FILE'");
    }

    /**
     * Runs one command; its output is {@code System.out} as {@link CommandOutput#install} set it.
     * A write that failed, in a command or in picocli's help, ends the command with
     * {@link CommandOutput#exit}; so does what is left in the buffer at the end.
     */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new PhoneRescue());
        // a command's failure arrives wrapped in an ExecutionException, one of picocli's help as it is
        cli.setExecutionStrategy(parsed -> {
            try {
                return new CommandLine.RunLast().execute(parsed);
            } catch (CommandLine.ExecutionException e) {
                if (e.getCause() instanceof CommandOutput.Failed failed) {
                    return CommandOutput.exit(failed);
                }
                throw e;
            } catch (CommandOutput.Failed e) {
                return CommandOutput.exit(e);
            }
        });
        try {
            int exit = cli.execute(args);
            CommandOutput.flush(cli.getOut());
            return exit;
        } catch (CommandOutput.Failed e) {
            return CommandOutput.exit(e);
        }
    }

    public static void main(String[] args) {
        CommandOutput.install();
        System.exit(execute(args));
    }
}
