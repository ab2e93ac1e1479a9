/** Numerical gradient checking that any user can run on any network. */
package org.backprop4j.check;
