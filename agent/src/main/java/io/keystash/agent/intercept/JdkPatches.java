package io.keystash.agent.intercept;

/**
 * The patches to {@code java.lang.System} and {@code java.lang.ProcessBuilder}: three method
 * references that now name {@code java.lang.KeystashEnvironment} instead of the JDK class, with
 * the same method name and descriptor.
 *
 * <ul>
 *   <li>{@code System}: {@code ProcessEnvironment.getenv(String)} and {@code ProcessEnvironment.getenv()}
 *       — {@code System.getenv} answers from the program's map (security checks, where the JDK
 *       still has them, stay in place before the call);</li>
 *   <li>{@code ProcessBuilder}: {@code ProcessEnvironment.environment()} — {@code environment()}
 *       starts from the child's view; {@code ProcessImpl.start(…)} — an inherited (null)
 *       environment is made explicit, because null would hand the real OS environment, unlock
 *       variables included, to the child.</li>
 * </ul>
 * A reference that is missing or present twice means a JDK this agent does not know: the patch
 * fails rather than leave a half-protected process.
 */
final class JdkPatches {
    static final String HOLDER = "java/lang/KeystashEnvironment";
    private static final String PROCESS_ENVIRONMENT = "java/lang/ProcessEnvironment";
    private static final String MAP_RESULT = "()Ljava/util/Map;";
    private static final String START = "([Ljava/lang/String;Ljava/util/Map;Ljava/lang/String;"
            + "[Ljava/lang/ProcessBuilder$Redirect;Z)Ljava/lang/Process;";

    private JdkPatches() {
    }

    static byte[] system(byte[] classFile) throws InterceptionException {
        ClassFilePatcher patcher = new ClassFilePatcher(classFile);
        int getenvName = require(patcher, PROCESS_ENVIRONMENT, "getenv", "(Ljava/lang/String;)Ljava/lang/String;");
        int getenvAll = require(patcher, PROCESS_ENVIRONMENT, "getenv", MAP_RESULT);
        int holder = patcher.addClass(HOLDER);
        patcher.setOwner(getenvName, holder);
        patcher.setOwner(getenvAll, holder);
        return patcher.toByteArray();
    }

    static byte[] processBuilder(byte[] classFile) throws InterceptionException {
        ClassFilePatcher patcher = new ClassFilePatcher(classFile);
        int environment = require(patcher, PROCESS_ENVIRONMENT, "environment", MAP_RESULT);
        int start = require(patcher, "java/lang/ProcessImpl", "start", START);
        int holder = patcher.addClass(HOLDER);
        patcher.setOwner(environment, holder);
        patcher.setOwner(start, holder);
        return patcher.toByteArray();
    }

    private static int require(ClassFilePatcher patcher, String owner, String name, String descriptor)
            throws InterceptionException {
        int index = patcher.methodref(owner, name, descriptor);
        if (index == 0) {
            throw new InterceptionException("unsupported JDK " + Runtime.version() + ": no call to "
                    + owner.replace('/', '.') + "." + name + " where the agent expects one");
        }
        return index;
    }
}
