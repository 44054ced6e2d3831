// tfjs-core's spec files (compiled, in its dist/) whose ops reach BatchMatMul, _FusedMatMul, Conv2D or FusedConv2D:
// every file with at least one spec that calls one of them on the webgpu backend (found by counting the calls per
// spec over the files that use matMul, dot, outerProduct, fused.matMul, conv1d, conv2d, fused.conv2d or an op built
// on them). Left out, reaching none: einsum_test (tfjs-backend-webgpu's Einsum kernel multiplies and sums itself),
// debug_mode_test and public/chained_ops/register_all_chained_ops_test.
import '@tensorflow/tfjs-core/dist/ops/mat_mul_test.js'; // matmul, matmulBatch, dot, outerProduct, gradients
import '@tensorflow/tfjs-core/dist/ops/fused/fused_mat_mul_test.js';
import '@tensorflow/tfjs-core/dist/ops/linalg/qr_test.js';
import '@tensorflow/tfjs-core/dist/ops/linalg/gram_schmidt_test.js';
import '@tensorflow/tfjs-core/dist/ops/confusion_matrix_test.js';
import '@tensorflow/tfjs-core/dist/ops/basic_lstm_cell_test.js';
import '@tensorflow/tfjs-core/dist/ops/multi_rnn_cell_test.js';
import '@tensorflow/tfjs-core/dist/ops/meshgrid_test.js';
import '@tensorflow/tfjs-core/dist/gradients_test.js';
import '@tensorflow/tfjs-core/dist/tensor_test.js';
import '@tensorflow/tfjs-core/dist/ops/conv2d_test.js';
import '@tensorflow/tfjs-core/dist/ops/fused/fused_conv2d_test.js';
import '@tensorflow/tfjs-core/dist/ops/conv1d_test.js'; // conv1d is a Conv2D of height 1
import '@tensorflow/tfjs-core/dist/ops/conv2d_separable_test.js'; // depthwise, then a 1×1 Conv2D
import '@tensorflow/tfjs-core/dist/ops/conv2d_transpose_test.js'; // its gradient with respect to dy is a Conv2D
