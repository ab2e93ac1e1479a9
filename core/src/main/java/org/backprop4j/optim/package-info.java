/** Parameter update rules. */
package org.backprop4j.optim;
