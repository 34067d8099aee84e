package io.keystash.cli.setup;

import io.keystash.cli.terminal.Terminal;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.provider.Provider;
import io.keystash.vault.provider.Providers;

import java.util.List;
import java.util.Locale;

/**
 * {@code keystash setup} without a provider: on a terminal, the providers as a short numbered
 * menu (a number or a provider's id is an answer); without one, a usage error naming them, so a
 * script never waits for an answer nobody will give.
 */
final class ProviderMenu {
    private ProviderMenu() {
    }

    /** The provider chosen at the menu; {@code guided} false (no terminal to ask on) is a usage error. */
    static Provider choose(Terminal terminal, boolean guided) throws VaultException {
        List<Provider> providers = Providers.all();
        if (!guided) {
            throw new VaultException(Failure.INVALID_INPUT, "name the provider ("
                    + String.join(", ", providers.stream().map(Provider::id).toList()) + "), e.g.: keystash setup openai");
        }
        terminal.say("Which key do you want to set up?");
        for (int i = 0; i < providers.size(); i++) {
            Provider provider = providers.get(i);
            String serves = provider.envVars().isEmpty() ? "a variable you name" : String.join(", ", provider.envVars());
            terminal.say(String.format(Locale.ROOT, "  %d) %-20s %s", i + 1,
                    provider.id().equals(Providers.CUSTOM) ? "another service" : provider.displayName(), serves));
        }
        String answer = terminal.readLine("Number or name [1-" + providers.size() + "]: ");
        String chosen = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
        try {
            int number = Integer.parseInt(chosen);
            if (number >= 1 && number <= providers.size()) {
                return providers.get(number - 1);
            }
        } catch (NumberFormatException notANumber) {
            for (Provider provider : providers) {
                if (provider.id().equals(chosen)) {
                    return provider;
                }
            }
        }
        throw new VaultException(Failure.INVALID_INPUT, (chosen.isEmpty() ? "no provider chosen" : "no provider "
                + chosen.replaceAll("\\p{Cntrl}", "?")) + "; choose one of 1-" + providers.size() + ", or name it: keystash setup openai");
    }

    /** A visible answer to {@code question}; nothing at all is a usage error. */
    static String ask(Terminal terminal, String question) throws VaultException {
        String answer = terminal.readLine(question);
        if (answer == null || answer.isBlank()) {
            throw new VaultException(Failure.INVALID_INPUT,
                    "no answer; name it instead, e.g.: keystash setup custom --name billing --env BILLING_TOKEN");
        }
        return answer.strip();
    }
}
