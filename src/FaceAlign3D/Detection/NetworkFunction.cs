namespace FaceAlign3D.Detection;

/// <summary>
/// One forward pass of a network with a single float input: the input tensor in row-major order with its
/// shape, returning the output tensors in the model's output order. Detectors and aligners receive the
/// network as this function so their pre- and post-processing does not depend on the engine running it.
/// The function reads the input only while it runs: callers may reuse the array for the next call.
/// </summary>
public delegate IReadOnlyList<float[]> NetworkFunction(float[] input, int[] inputShape);
