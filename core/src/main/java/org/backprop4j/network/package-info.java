/** The network: layers, loss, forward and backward passes, parameters. */
package org.backprop4j.network;
