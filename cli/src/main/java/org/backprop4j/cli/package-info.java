/** The bp4j command-line tool. */
package org.backprop4j.cli;
