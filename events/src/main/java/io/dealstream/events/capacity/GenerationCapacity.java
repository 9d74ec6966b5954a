package io.dealstream.events.capacity;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Capacity of one chip generation (e.g. Trainium3), in GW. pending = contracted - released - lapsed;
 * available = what is released and deliverable on the day (nothing before {@code availableFrom}).
 */
public record GenerationCapacity(String generation, BigDecimal contractedGw, BigDecimal releasedGw,
        BigDecimal lapsedGw, BigDecimal pendingGw, BigDecimal availableGw, LocalDate availableFrom) {
}
