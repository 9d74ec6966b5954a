package io.dealstream.events.capacity;

import java.math.BigDecimal;

/** Capacity of one chip generation (e.g. Trainium3), in GW. pending = contracted - released - lapsed. */
public record GenerationCapacity(String generation, BigDecimal contractedGw, BigDecimal releasedGw,
        BigDecimal lapsedGw, BigDecimal pendingGw) {
}
