/**
 * Parameter update rules. {@link org.backprop4j.optim.Optimizer} is the contract (one step per
 * batch, learning rate for schedules, state for checkpoints); the rules are
 * {@link org.backprop4j.optim.GradientDescent} (sgd), {@link org.backprop4j.optim.Momentum}
 * (classical and Nesterov), {@link org.backprop4j.optim.AdaGrad}, {@link org.backprop4j.optim.RmsProp},
 * {@link org.backprop4j.optim.Adam}, {@link org.backprop4j.optim.AdamW},
 * {@link org.backprop4j.optim.IRpropMinus} (full batch) and {@link org.backprop4j.optim.Lbfgs}
 * (full batch, a {@link org.backprop4j.optim.ClosureOptimizer} that evaluates the objective in its
 * line search). Each follows PyTorch's formulation and defaults, stated with the literature
 * reference in its Javadoc. {@link org.backprop4j.optim.Optimizers#parse} builds one from a CLI or
 * configuration token such as {@code adam:lr=0.001}, and every rule's {@code toString()} is such a
 * token.
 *
 * <p>Stateful rules allocate their per-parameter tensors, in the parameters' precision, on the first
 * step and nothing afterwards; their inner loops run over the flat arrays of
 * {@link org.backprop4j.tensor.Matrix}.
 */
package org.backprop4j.optim;
