package io.keystash.it.agent.programs;

import io.keystash.it.support.Hashes;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A minimal Spring Boot application: reads a bound key through {@code @Value("${OPENAI_API_KEY}")},
 * through relaxed binding ({@code OPENAI_API_KEY} → {@code openai.api-key}) and a bound system
 * property through {@code @Value}; reports hashes.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SpringProbe.OpenAi.class)
public class SpringProbe {
    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(SpringProbe.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        try (ConfigurableApplicationContext context = application.run(args)) {
            Seen seen = context.getBean(Seen.class);
            System.out.println("value.OPENAI_API_KEY=" + Hashes.of(seen.variable()));
            System.out.println("value.service.token=" + Hashes.of(seen.property()));
            System.out.println("relaxed.openai.api-key=" + Hashes.of(context.getBean(OpenAi.class).apiKey()));
            System.out.println("environment.openai.api-key="
                    + Hashes.of(context.getEnvironment().getProperty("openai.api-key")));
            System.out.println("main=ran");
        }
    }

    @Bean
    Seen seen(@Value("${OPENAI_API_KEY}") String variable, @Value("${service.token}") String property) {
        return new Seen(variable, property);
    }

    /** What the beans were given. */
    record Seen(String variable, String property) {
    }

    /** Bound from {@code OPENAI_API_KEY} by relaxed binding. */
    @ConfigurationProperties("openai")
    public record OpenAi(String apiKey) {
    }
}
