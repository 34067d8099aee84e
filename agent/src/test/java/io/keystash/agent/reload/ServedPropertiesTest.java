package io.keystash.agent.reload;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** How a reload changes the agent's system properties, on a Properties object of the test's own. */
class ServedPropertiesTest {
    @Test
    void newValuesReplaceOldDroppedOnesGoAndAReplacedDashDComesBack() {
        Properties system = new Properties();
        system.setProperty("user.home", "/home/u");
        String token = new String("tok-1");
        String key = new String("key-1");
        system.setProperty("service.token", token);
        system.setProperty("api.key", key); // replaced a -D api.key=from-command-line at start
        ServedProperties served = new ServedProperties(Map.of("service.token", token, "api.key", key),
                Map.of("api.key", "from-command-line"));

        assertThat(served.apply(system, Map.of("service.token", "tok-2"))).isEmpty();
        assertThat(system.getProperty("service.token")).isEqualTo("tok-2");
        assertThat(system.getProperty("api.key")).as("the -D value it replaced").isEqualTo("from-command-line");
        assertThat(system.getProperty("user.home")).isEqualTo("/home/u");

        served.apply(system, Map.of());
        assertThat(system.getProperty("service.token")).isNull();
        assertThat(served.names()).isEmpty();
    }

    @Test
    void aPropertyTheProgramChangedItselfIsLeftAlone() {
        Properties system = new Properties();
        String token = new String("tok-1");
        system.setProperty("service.token", token);
        ServedProperties served = new ServedProperties(Map.of("service.token", token), Map.of());
        system.setProperty("service.token", "the program's own"); // equal or not, it is no longer the agent's string

        assertThat(served.apply(system, Map.of("service.token", "tok-2"))).containsExactly("service.token");
        assertThat(system.getProperty("service.token")).isEqualTo("the program's own");
        served.apply(system, Map.of());
        assertThat(system.getProperty("service.token")).isEqualTo("the program's own");
    }

    @Test
    void outsideNamesWhatSomeoneElseSetAndANewBindingRemembersWhatItReplaced() {
        Properties system = new Properties();
        String mine = new String("v1");
        system.setProperty("mine", mine);
        system.setProperty("theirs", "t");
        ServedProperties served = new ServedProperties(Map.of("mine", mine), Map.of());
        assertThat(served.outside(system, List.of("mine", "theirs", "unset")).stringPropertyNames()).containsExactly("theirs");

        Map<String, String> next = new LinkedHashMap<>();
        next.put("mine", "v2");
        next.put("theirs", "bound now"); // override=true decided the plan would take it
        served.apply(system, next);
        assertThat(system.getProperty("theirs")).isEqualTo("bound now");
        served.apply(system, Map.of("mine", "v3"));
        assertThat(system.getProperty("theirs")).isEqualTo("t");
    }
}
