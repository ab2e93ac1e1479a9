/**
 * Model files: networks saved as <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * (an 8-byte little-endian header length, a JSON header, raw little-endian tensors) with PyTorch
 * {@code nn.Sequential} tensor names, so that Python's {@code safetensors}, {@code torch} and plain
 * numpy can read them. {@link org.backprop4j.io.ModelIO} saves and loads whole models;
 * {@link org.backprop4j.io.SafetensorsFile} reads and checks any safetensors file;
 * {@link org.backprop4j.io.AtomicFiles} writes a file so that a crash leaves the old one or the new one.
 *
 * <p>Readers validate every length, offset and shape before they allocate, and report a bad file with a
 * {@link org.backprop4j.io.ModelFormatException} naming the file, the offset or tensor, and what was
 * expected. The format is described in {@code docs/model-format.md}.
 */
package org.backprop4j.io;
