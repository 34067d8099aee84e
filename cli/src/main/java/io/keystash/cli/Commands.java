package io.keystash.cli;

import io.keystash.cli.demo.DemoCommand;
import io.keystash.cli.doctor.DoctorCommand;
import io.keystash.cli.keys.DeleteCommand;
import io.keystash.cli.keys.GetCommand;
import io.keystash.cli.keys.ListCommand;
import io.keystash.cli.keys.StoreCommand;
import io.keystash.cli.launch.AgentLineCommand;
import io.keystash.cli.launch.RunCommand;
import io.keystash.cli.profiles.ProfileCommand;
import io.keystash.cli.rotation.CheckExpiryCommand;
import io.keystash.cli.rotation.HistoryCommand;
import io.keystash.cli.rotation.ReportCommand;
import io.keystash.cli.rotation.RollbackCommand;
import io.keystash.cli.rotation.RotateCommand;
import io.keystash.cli.session.LockCommand;
import io.keystash.cli.session.SessionServeCommand;
import io.keystash.cli.session.UnlockCommand;
import io.keystash.cli.setup.SetupCommand;
import io.keystash.cli.shell.CompletionCommand;
import io.keystash.cli.shell.ManPagesCommand;
import io.keystash.cli.transfer.ExportCommand;
import io.keystash.cli.transfer.ImportCommand;
import io.keystash.cli.trust.TrustCommand;
import io.keystash.cli.members.IdentityCommand;
import io.keystash.cli.members.MemberCommand;
import io.keystash.cli.remote.PullCommand;
import io.keystash.cli.remote.PushCommand;
import io.keystash.cli.remote.RemoteCommand;
import io.keystash.cli.remote.SyncCommand;
import io.keystash.cli.vault.AuditCommand;
import io.keystash.cli.vault.InitCommand;
import io.keystash.cli.vault.KeyfileCommand;
import io.keystash.cli.vault.PasswdCommand;
import picocli.CommandLine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The subcommands of {@code keystash}, in help order. Picocli builds its model of a command by
 * reflection, which costs tens of milliseconds per command on a small machine; so only the command
 * being run is registered, and all of them only when the whole set is needed (help, completion,
 * an unknown or missing command name).
 */
final class Commands {
    private static final Map<String, Class<?>> ALL = new LinkedHashMap<>();
    /** Global options that take a value as the next argument. */
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("--vault", "--identity", "--key-file",
            "--passphrase-file", "--passphrase-command");

    static {
        ALL.put("init", InitCommand.class);
        ALL.put("store", StoreCommand.class);
        ALL.put("get", GetCommand.class);
        ALL.put("list", ListCommand.class);
        ALL.put("delete", DeleteCommand.class);
        ALL.put("rotate", RotateCommand.class);
        ALL.put("rollback", RollbackCommand.class);
        ALL.put("history", HistoryCommand.class);
        ALL.put("report", ReportCommand.class);
        ALL.put("check-expiry", CheckExpiryCommand.class);
        ALL.put("profile", ProfileCommand.class);
        ALL.put("run", RunCommand.class);
        ALL.put("agent-line", AgentLineCommand.class);
        ALL.put("setup", SetupCommand.class);
        ALL.put("doctor", DoctorCommand.class);
        ALL.put("export", ExportCommand.class);
        ALL.put("import", ImportCommand.class);
        ALL.put("audit", AuditCommand.class);
        ALL.put("passwd", PasswdCommand.class);
        ALL.put("keyfile", KeyfileCommand.class);
        ALL.put("identity", IdentityCommand.class);
        ALL.put("member", MemberCommand.class);
        ALL.put("trust", TrustCommand.class);
        ALL.put("unlock", UnlockCommand.class);
        ALL.put("lock", LockCommand.class);
        ALL.put(SessionServeCommand.NAME, SessionServeCommand.class);
        ALL.put("remote", RemoteCommand.class);
        ALL.put("push", PushCommand.class);
        ALL.put("pull", PullCommand.class);
        ALL.put("sync", SyncCommand.class);
        ALL.put("completion", CompletionCommand.class);
        ALL.put("manpages", ManPagesCommand.class);
        ALL.put("demo", DemoCommand.class);
    }

    private Commands() {
    }

    /** Adds the subcommand named in {@code args}, or every subcommand when that is needed. */
    static void register(CommandLine root, CommandLine.IFactory factory, String[] args) {
        String wanted = commandName(args);
        for (Map.Entry<String, Class<?>> command : ALL.entrySet()) {
            if (wanted == null || wanted.equals("completion") || wanted.equals("manpages") || wanted.equals(command.getKey())) {
                root.addSubcommand(command.getKey(), new CommandLine(command.getValue(), factory));
            }
        }
        CommandLine run = root.getSubcommands().get("run");
        if (run != null) {
            run.setStopAtPositional(true); // keystash run ls -la: -la belongs to ls
        }
    }

    /** The first argument that is not a global option or its value, if it names a command. */
    static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (OPTIONS_WITH_VALUE.contains(arg)) {
                i++;
            } else if (!arg.startsWith("-")) {
                return ALL.containsKey(arg) ? arg : null;
            } else if (arg.equals("--")) {
                return null;
            }
        }
        return null;
    }
}
