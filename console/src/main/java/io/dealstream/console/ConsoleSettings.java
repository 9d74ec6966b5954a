package io.dealstream.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** {@code dealstream.console.*}: where the services and the broker are, and what the page keeps. */
@ConfigMapping(prefix = "dealstream.console")
public interface ConsoleSettings {

    /** investment-service's base URL ({@code INVESTMENT_URL}). */
    String investmentUrl();

    /** compute-service's base URL ({@code COMPUTE_URL}). */
    String computeUrl();

    /** distribution-service's base URL ({@code DISTRIBUTION_URL}). */
    String distributionUrl();

    /** The broker ({@code KAFKA_BOOTSTRAP_SERVERS}). */
    String kafka();

    /** The round whose cap table the page shows. */
    @WithDefault("openai-2026")
    String round();

    /** The topics the stream shows: the contract's three. */
    List<String> topics();

    /** The services' dead-letter topics; their records carry a {@code dead-letter-reason} header. */
    List<String> deadLetterTopics();

    /** How many records the stream keeps (the newest), and reads back per partition when the console starts. */
    @WithDefault("200")
    int kept();

    /** How often the services and the consumer groups' lag are read when no record says something changed. */
    @WithDefault("2s")
    Duration refreshEvery();

    /** The entitlement matrix's rows and columns, as distribution-service names them. */
    Matrix matrix();

    interface Matrix {
        List<String> products();

        List<String> clouds();

        List<String> modes();
    }
}
