package io.dealstream.distribution.entitlement;

import static io.dealstream.events.right.RightStatus.ACTIVE;
import static io.dealstream.events.right.RightStatus.LAPSED;
import static io.dealstream.events.right.RightStatus.PENDING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.distribution.deal.DistributionTerms;
import io.dealstream.distribution.right.Cloud;
import io.dealstream.distribution.right.Condition;
import io.dealstream.distribution.right.ConditionKind;
import io.dealstream.distribution.right.Mode;
import io.dealstream.distribution.right.NewRight;
import io.dealstream.distribution.right.Product;
import io.dealstream.distribution.right.Right;
import io.dealstream.distribution.right.RightsConfig;
import io.dealstream.events.right.RightStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The deal's answers over the seeded rights, at each stage of the funding. */
class EntitlementDecisionTest {

    /** Where the funding stands, as the statuses of frontier-aws, stateful-runtime-bedrock and custom-models-amazon. */
    enum Stage {
        BEFORE_CLOSE(PENDING, PENDING, PENDING),
        CLOSED(ACTIVE, ACTIVE, PENDING),
        T2_EXPIRED(ACTIVE, ACTIVE, LAPSED),
        ALL_FUNDED(ACTIVE, ACTIVE, ACTIVE);

        final Map<String, RightStatus> statuses;

        Stage(RightStatus frontier, RightStatus runtime, RightStatus customModels) {
            statuses = Map.of(DistributionTerms.FRONTIER_AWS, frontier,
                    DistributionTerms.STATEFUL_RUNTIME_BEDROCK, runtime,
                    DistributionTerms.CUSTOM_MODELS_AMAZON, customModels,
                    DistributionTerms.STATELESS_API_AZURE, ACTIVE);
        }

        List<Right> rights() {
            return DistributionTerms.rights("Amazon", CONFIG).stream()
                    .map(seed -> right(seed, statuses.get(seed.id())))
                    .toList();
        }
    }

    @ParameterizedTest(name = "{0}: {1} through {2} {3} -> allowed={4} by {5}")
    @CsvSource(delimiter = '|', textBlock = """
            # stage      | product          | cloud        | mode      | allowed | right                    | reason says
            BEFORE_CLOSE | FRONTIER         | AWS          | STATEFUL  | false   | frontier-aws             | is PENDING until its condition is met: active once Amazon funds its first tranche
            CLOSED       | FRONTIER         | AWS          | STATEFUL  | true    | frontier-aws             | is ACTIVE: AWS may offer FRONTIER STATEFUL
            BEFORE_CLOSE | FRONTIER         | AZURE        | STATEFUL  | false   | frontier-aws             | gives AWS exclusive cloud distribution of FRONTIER STATEFUL, so AZURE may not offer it
            CLOSED       | FRONTIER         | AZURE        | STATEFUL  | false   | frontier-aws             | gives AWS exclusive cloud distribution of FRONTIER STATEFUL, so AZURE may not offer it
            CLOSED       | FRONTIER         | GOOGLE_CLOUD | STATEFUL  | false   | frontier-aws             | so GOOGLE_CLOUD may not offer it
            CLOSED       | FRONTIER         | ORACLE_CLOUD | STATEFUL  | false   | frontier-aws             | so ORACLE_CLOUD may not offer it
            CLOSED       | FRONTIER         | AWS          | STATELESS | false   | frontier-aws             | FRONTIER is offered [STATEFUL] only, never STATELESS
            BEFORE_CLOSE | STATELESS_API    | AZURE        | STATELESS | true    | stateless-api-azure      | is ACTIVE: AZURE may offer STATELESS_API STATELESS
            ALL_FUNDED   | STATELESS_API    | AZURE        | STATELESS | true    | stateless-api-azure      | is ACTIVE
            BEFORE_CLOSE | STATELESS_API    | AWS          | STATELESS | false   | stateless-api-azure      | gives AZURE exclusive cloud distribution of STATELESS_API STATELESS, so AWS may not offer it
            ALL_FUNDED   | STATELESS_API    | AWS          | STATELESS | false   | stateless-api-azure      | so AWS may not offer it
            CLOSED       | STATELESS_API    | GOOGLE_CLOUD | STATELESS | false   | stateless-api-azure      | so GOOGLE_CLOUD may not offer it
            CLOSED       | STATELESS_API    | AZURE        | STATEFUL  | false   | stateless-api-azure      | STATELESS_API is offered [STATELESS] only, never STATEFUL
            BEFORE_CLOSE | STATEFUL_RUNTIME | AWS          | STATEFUL  | false   | stateful-runtime-bedrock | is PENDING until its condition is met
            CLOSED       | STATEFUL_RUNTIME | AWS          | STATEFUL  | true    | stateful-runtime-bedrock | is ACTIVE: AWS may offer STATEFUL_RUNTIME STATEFUL
            CLOSED       | STATEFUL_RUNTIME | AZURE        | STATEFUL  | false   | stateful-runtime-bedrock | no right lets AZURE offer STATEFUL_RUNTIME STATEFUL; right stateful-runtime-bedrock grants it through AWS only
            CLOSED       | STATEFUL_RUNTIME | AWS          | STATELESS | false   | stateful-runtime-bedrock | offered [STATEFUL] only, never STATELESS
            CLOSED       | CUSTOM_MODELS    | AWS          | STATEFUL  | false   | custom-models-amazon     | is PENDING until its condition is met: ILLUSTRATIVE ASSUMPTION
            T2_EXPIRED   | CUSTOM_MODELS    | AWS          | STATEFUL  | false   | custom-models-amazon     | has LAPSED
            ALL_FUNDED   | CUSTOM_MODELS    | AWS          | STATEFUL  | true    | custom-models-amazon     | is ACTIVE: AWS may offer CUSTOM_MODELS STATEFUL
            ALL_FUNDED   | CUSTOM_MODELS    | GOOGLE_CLOUD | STATEFUL  | false   | custom-models-amazon     | no right lets GOOGLE_CLOUD offer CUSTOM_MODELS STATEFUL
            ALL_FUNDED   | CUSTOM_MODELS    | AWS          | STATELESS | false   | custom-models-amazon     | CUSTOM_MODELS is offered [STATEFUL] only, never STATELESS
            """)
    void theDealAnswers(Stage stage, Product product, Cloud cloud, Mode mode, boolean allowed, String rightId,
            String reason) {
        Entitlement answer = EntitlementDecision.decide(stage.rights(), product, cloud, mode);
        assertEquals(allowed, answer.allowed(), answer.reason());
        assertEquals(rightId, answer.rightId(), answer.reason());
        assertTrue(answer.reason().contains(reason), answer.reason());
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void everyAnswerNamesTheRightThatDecides(Stage stage) {
        for (Product product : Product.values()) {
            for (Cloud cloud : Cloud.values()) {
                for (Mode mode : Mode.values()) {
                    Entitlement answer = EntitlementDecision.decide(stage.rights(), product, cloud, mode);
                    assertNotNull(answer.rightId(), product + " " + cloud + " " + mode);
                    assertTrue(answer.reason().contains("right " + answer.rightId()), answer.reason());
                }
            }
        }
    }

    @Test
    void aLapsedExclusiveRightNoLongerExcludesButGrantsNothingElsewhere() {
        List<Right> rights = List.of(right(seed(DistributionTerms.FRONTIER_AWS), LAPSED));
        Entitlement answer = EntitlementDecision.decide(rights, Product.FRONTIER, Cloud.AZURE, Mode.STATEFUL);
        assertFalse(answer.allowed());
        assertEquals("no right lets AZURE offer FRONTIER STATEFUL; right frontier-aws grants it through AWS only",
                answer.reason());
    }

    @Test
    void anotherCloudsRightThatIsNotExclusiveLeavesTheCloudsOwnRightToDecide() {
        List<Right> rights = new ArrayList<>(Stage.CLOSED.rights());
        rights.add(right(new NewRight("runtime-oracle", "Oracle", Product.STATEFUL_RUNTIME, Cloud.ORACLE_CLOUD,
                Mode.STATEFUL, false, null, new NewRight.NewCondition(ConditionKind.NONE, "none")), ACTIVE));
        assertTrue(EntitlementDecision.decide(rights, Product.STATEFUL_RUNTIME, Cloud.ORACLE_CLOUD, Mode.STATEFUL)
                .allowed());
        assertTrue(EntitlementDecision.decide(rights, Product.STATEFUL_RUNTIME, Cloud.AWS, Mode.STATEFUL).allowed());
    }

    @Test
    void withoutAnyRightForTheProductNothingIsAllowedAndNoRightIsNamed() {
        Entitlement answer = EntitlementDecision.decide(List.of(), Product.FRONTIER, Cloud.AWS, Mode.STATEFUL);
        assertFalse(answer.allowed());
        assertNull(answer.rightId());
        assertEquals("no right lets AWS offer FRONTIER STATEFUL", answer.reason());
    }

    static final RightsConfig CONFIG = new RightsConfig() {
        @Override
        public ConditionKind frontierCondition() {
            return ConditionKind.FIRST_TRANCHE_FUNDED;
        }

        @Override
        public ConditionKind statefulRuntimeCondition() {
            return ConditionKind.FIRST_TRANCHE_FUNDED;
        }

        @Override
        public ConditionKind customModelsCondition() {
            return ConditionKind.ALL_COMMITTED_FUNDED;
        }
    };

    private static NewRight seed(String id) {
        return DistributionTerms.rights("Amazon", CONFIG).stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static Right right(NewRight terms, RightStatus status) {
        return new Right(terms.id(), terms.holder(), terms.product(), terms.cloud(), terms.mode(), terms.exclusive(),
                terms.description(), new Condition(terms.condition().kind(), terms.condition().text()), status,
                status == LAPSED ? "all of it can never be funded" : "test", null, null, 1);
    }
}
