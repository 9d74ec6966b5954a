package io.dealstream.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.round.RoundCommitment;
import io.dealstream.events.round.RoundEventType;
import io.dealstream.events.round.RoundSnapshot;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The RoundOpened event's body: the round as POST /rounds opens it, read back exactly, and nothing else. */
class RoundContractTest {

    static final RoundSnapshot DEAL = new RoundSnapshot("openai-2026", "OpenAI 2026 funding round",
            new BigDecimal("110000000000.00"), new BigDecimal("730000000000.00"), LocalDate.parse("2026-02-26"),
            List.of(new RoundCommitment("Amazon", new BigDecimal("50000000000.00")),
                    new RoundCommitment("SoftBank", new BigDecimal("30000000000.00")),
                    new RoundCommitment("Nvidia", new BigDecimal("30000000000.00"))));

    @Test
    void aRoundIsWrittenWithPlainMoneyAndReadBackAsItWas() {
        String json = EventJson.write(DEAL);
        assertEquals("{\"roundId\":\"openai-2026\",\"name\":\"OpenAI 2026 funding round\",\"amount\":110000000000.00,"
                + "\"preMoneyValuation\":730000000000.00,\"openedOn\":\"2026-02-26\",\"investors\":["
                + "{\"investor\":\"Amazon\",\"committed\":50000000000.00},"
                + "{\"investor\":\"SoftBank\",\"committed\":30000000000.00},"
                + "{\"investor\":\"Nvidia\",\"committed\":30000000000.00}]}", json);
        RoundSnapshot read = EventJson.read(json, RoundSnapshot.class);
        assertEquals(DEAL, read);
        assertEquals(List.of("Amazon", "SoftBank", "Nvidia"),
                read.investors().stream().map(RoundCommitment::investor).toList(), "in the round's order");
        assertEquals(new BigDecimal("30000000000.00"), read.commitmentOf("SoftBank"));
        assertEquals(null, read.commitmentOf("Microsoft"));
    }

    @Test
    void aRoundWithoutInvestorsAndOneWithTheMostInvestorsAreRoundsAsPostRoundsAllowsThem() {
        String none = EventJson.write(DEAL).replaceAll("\"investors\":\\[.*]", "\"investors\":[]");
        assertEquals(List.of(), EventJson.read(none, RoundSnapshot.class).investors());
        RoundSnapshot most = withInvestors(Limits.ROUND_INVESTORS);
        assertEquals(Limits.ROUND_INVESTORS, EventJson.read(EventJson.write(most), RoundSnapshot.class)
                .investors().size());
    }

    @Test
    void theOpeningIsFoundByItsCloudEventType() {
        assertEquals(RoundEventType.OPENED,
                EventType.fromCeType("investment.round.opened.v1", List.of(RoundEventType.values())));
    }

    static Stream<Arguments> brokenRounds() {
        String json = EventJson.write(DEAL);
        return Stream.of(
                Arguments.of("no round id", json.replace("\"roundId\":\"openai-2026\",", ""),
                        "missing field 'roundId'"),
                Arguments.of("a round id no URL takes", json.replace("openai-2026", "openai/2026"),
                        "field 'roundId' must be letters, digits, '.', '_' or '-', starting with a letter or digit"),
                Arguments.of("a round id of 65 characters", json.replace("openai-2026", "r".repeat(Limits.ID + 1)),
                        "field 'roundId' is longer than 64 characters"),
                Arguments.of("no name", json.replace("\"name\":\"OpenAI 2026 funding round\",", ""),
                        "missing field 'name'"),
                Arguments.of("a name of 256 characters",
                        json.replace("OpenAI 2026 funding round", "N".repeat(Limits.ROUND_NAME + 1)),
                        "field 'name' is longer than 255 characters"),
                Arguments.of("a line break in the name", json.replace("OpenAI 2026", "OpenAI\\n2026"),
                        "field 'name' must not contain control characters or line breaks; found U+000A at character 7"),
                Arguments.of("no amount", json.replace("\"amount\":110000000000.00,", ""), "missing field 'amount'"),
                Arguments.of("an amount below the cent", json.replace("110000000000.00", "110000000000.001"),
                        "field 'amount' is not a USD amount of at most 17 digits and cents: 110000000000.001"),
                Arguments.of("a negative valuation", json.replace("730000000000.00", "-730000000000.00"),
                        "field 'preMoneyValuation' is negative"),
                Arguments.of("a valuation of 18 digits", json.replace("730000000000.00", "1" + "0".repeat(17)),
                        "field 'preMoneyValuation' is not a USD amount of at most 17 digits and cents"),
                Arguments.of("no opening day", json.replace("\"openedOn\":\"2026-02-26\",", ""),
                        "missing field 'openedOn'"),
                Arguments.of("an opening day out of range", json.replace("2026-02-26", "+300000-02-26"),
                        "field 'openedOn' is +300000-02-26, not between 2000-01-01 and 2199-12-31"),
                Arguments.of("no investors", json.replaceAll(",\"investors\":\\[.*]", ""),
                        "missing field 'investors'"),
                Arguments.of("an investor without a name", json.replace("\"investor\":\"SoftBank\",", ""),
                        "missing field 'investors[1].investor'"),
                Arguments.of("an investor's name of 256 characters",
                        json.replace("SoftBank", "S".repeat(Limits.INVESTOR + 1)),
                        "field 'investors[1].investor' is longer than 255 characters"),
                Arguments.of("a NUL in an investor's name", json.replace("Nvidia", "Nvi\\u0000dia"),
                        "field 'investors[2].investor' must not contain control characters or line breaks; found"
                                + " U+0000 at character 4"),
                Arguments.of("a commitment without its amount", json.replace(",\"committed\":50000000000.00", ""),
                        "missing field 'investors[0].committed'"),
                Arguments.of("a commitment below the cent", json.replace("50000000000.00", "50000000000.005"),
                        "field 'investors[0].committed' is not a USD amount of at most 17 digits and cents"),
                Arguments.of("a negative commitment", json.replace("50000000000.00", "-50000000000.00"),
                        "field 'investors[0].committed' is negative"),
                Arguments.of("an investor listed twice", json.replace("Nvidia", "Amazon"),
                        "field 'investors' lists investor 'Amazon' twice"),
                Arguments.of("commitments beyond the round", json.replace("110000000000.00", "109999999999.99"),
                        "field 'investors' commit 110000000000.00 in all, more than 'amount' (109999999999.99)"),
                Arguments.of("more investors than a round may list",
                        EventJson.write(withInvestors(Limits.ROUND_INVESTORS)).replace("]}",
                                ",{\"investor\":\"one more\",\"committed\":0}]}"),
                        "field 'investors' lists 1001 investors, more than 1000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRounds")
    void aRoundBeyondWhatPostRoundsAllowsIsNoEventAndTheRefusalNamesTheField(String label, String json,
            String refusal) {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventJson.read(json, RoundSnapshot.class));
        assertTrue(e.getMessage().startsWith("body is not a valid RoundSnapshot: " + refusal), e.getMessage());
    }

    /** A round of {@code count} investors of 1 USD each. */
    private static RoundSnapshot withInvestors(int count) {
        return new RoundSnapshot("crowd", "crowd round", new BigDecimal(count), BigDecimal.ONE,
                LocalDate.parse("2026-02-26"), IntStream.range(0, count)
                        .mapToObj(i -> new RoundCommitment("Investor " + i, BigDecimal.ONE)).toList());
    }
}
