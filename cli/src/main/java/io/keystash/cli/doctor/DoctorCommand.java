package io.keystash.cli.doctor;

import io.keystash.cli.Keystash;
import io.keystash.cli.launch.Installation;
import io.keystash.vault.health.Finding;
import io.keystash.vault.health.VaultFiles;
import io.keystash.vault.storage.VaultPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code keystash doctor}: one screen that checks the set-up and says what to do, in the order a
 * person would look: the vault's files, the ways in, profiles and keys (when something here
 * unlocks), the agent jar, the JDKs, the unlock session, the remote, and {@code JAVA_TOOL_OPTIONS}.
 * Exit 0 when all is well, 1 when something needs doing. Works, and says what is missing, with no
 * vault at all; never prints a value.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check the set-up and say what to do: the vault's files and their modes, the ways in, "
                + "profiles and what they bind, keys expired or due, the agent jar and its version, the JDKs found, "
                + "the unlock session, the remote, and JAVA_TOOL_OPTIONS.",
            "Profiles and keys are checked when something here unlocks the vault (a key file, a passphrase file, "
                + "API_KEY_MASTER, or a passphrase typed on the terminal). Each FIX line ends with the command to run.",
            "", "Exit status: 0 all is well; 1 something needs doing."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash doctor",
            "  keystash --key-file ~/.keystash/ci.key doctor --json | jq '.findings[] | select(.status == \"fix\")'"})
public final class DoctorCommand implements Callable<Integer> {
    static final int SOMETHING_TO_DO = 1;

    private final Keystash root;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    public DoctorCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        List<Finding> findings = new ArrayList<>();
        VaultPaths paths = root.vaultAccess().paths();
        List<Finding> files = VaultFiles.check(paths);
        findings.addAll(files);
        boolean filesSound = VaultFiles.exists(paths) && files.stream().noneMatch(f -> f.status() == Finding.Status.FIX);
        if (filesSound) {
            findings.addAll(UnlockCheck.check(root));
        } else if (VaultFiles.exists(paths)) {
            findings.add(Finding.note(UnlockCheck.AREA, "profiles and keys not checked until the vault's files are fixed"));
        }
        findings.addAll(AgentJarCheck.check(Installation.current()));
        findings.addAll(JdkCheck.check(root.context().environment(), root.context().userHome()));
        findings.addAll(SessionCheck.check(root));
        findings.addAll(RemoteCheck.check(root));
        findings.addAll(LaunchOptionsCheck.check(root.context().environment()));
        DoctorReport report = new DoctorReport(findings);
        if (json) {
            report.printJson(root.context().out());
        } else {
            report.printText(root.context().out());
        }
        return report.toDo() == 0 ? 0 : SOMETHING_TO_DO;
    }
}
