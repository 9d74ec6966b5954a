package io.dealstream.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageLinkTest {

    @Test
    void theServicesLinkNamesItsTargetAsWritten() {
        assertEquals(Optional.of("/tranches?investor=Zo%C3%AB%20Ltd.&limit=3&after=amazon-t1"),
                PageLink.next(List.of("</tranches?investor=Zo%C3%AB%20Ltd.&limit=3&after=amazon-t1>; rel=\"next\"")));
    }

    @Test
    void theNextLinkIsFoundAmongOthersInAnyOfRfc8288sForms() {
        assertEquals(Optional.of("/b"), PageLink.next(List.of("</a>; rel=\"prev\", </b>; title=\"x, y\"; rel=next")));
        assertEquals(Optional.of("/c"), PageLink.next(List.of("</a>; rel=\"first\"", "</c> ; REL=\"last Next\"")));
    }

    @Test
    void noLinkOrNoNextLinkIsTheLastPage() {
        assertEquals(Optional.empty(), PageLink.next(List.of()));
        assertEquals(Optional.empty(), PageLink.next(List.of("</a>; rel=\"prev\"", "</next>; rel=\"nextish\"")));
    }
}
