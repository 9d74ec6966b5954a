package io.dealstream.compute.commitment;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.math.BigDecimal;
import java.time.LocalDate;

/** The capacity a commitment contracts of one chip generation, and the first day that generation is delivered. */
@Embeddable
public class ContractedGeneration {

    @Column(nullable = false, length = 64)
    public String generation;

    @Column(name = "contracted_gw", nullable = false, precision = 9, scale = 3)
    public BigDecimal contractedGw;

    @Column(name = "available_from", nullable = false)
    public LocalDate availableFrom;

    protected ContractedGeneration() {
    }

    public ContractedGeneration(String generation, BigDecimal contractedGw, LocalDate availableFrom) {
        this.generation = generation;
        this.contractedGw = contractedGw;
        this.availableFrom = availableFrom;
    }
}
