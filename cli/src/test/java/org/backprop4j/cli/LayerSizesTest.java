package org.backprop4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LayerSizesTest {
    @Test
    void parsesWidthsAndAuto() {
        LayerSizes s = LayerSizes.parse("784, 256,128,10");
        assertEquals(784, s.inputs());
        assertEquals(10, s.outputs());
        assertEquals(3, s.layers());
        assertEquals("784,256,128,10", s.toString());
        LayerSizes a = LayerSizes.parse("auto,64,AUTO");
        assertTrue(a.hasAuto());
        assertEquals("2,64,3", a.resolve(2, 3).toString());
    }

    @Test
    void refusesBadEntriesNamingThem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LayerSizes.parse("4")).getMessage().contains("at least"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LayerSizes.parse("4,0,2")).getMessage().contains("entry 2 is 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LayerSizes.parse("4,auto,2")).getMessage().contains("only the first"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LayerSizes.parse("4,x,2")).getMessage().contains("'x'"));
    }
}
