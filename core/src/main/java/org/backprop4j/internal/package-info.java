/** Not API: helpers that may change without notice. */
package org.backprop4j.internal;
