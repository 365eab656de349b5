package io.khidma.spring.boot;

import io.khidma.core.http.Transport;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Actuator's {@code khidma} health component ({@link KhidmaHealthIndicator}), when Actuator is present. */
@AutoConfiguration(after = KhidmaAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(Transport.class)
public class KhidmaHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "khidmaHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("khidma")
    public KhidmaHealthIndicator khidmaHealthIndicator(Transport transport, KhidmaProperties properties) {
        return new KhidmaHealthIndicator(transport, properties.getEndpoint());
    }
}
