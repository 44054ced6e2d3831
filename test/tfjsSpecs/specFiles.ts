// tfjs-core's spec files (compiled, in its dist/) whose ops reach BatchMatMul or _FusedMatMul: every file with at
// least one spec that calls either kernel on the webgpu backend (found by counting the calls per spec over the
// files that use matMul, dot, outerProduct, fused.matMul or an op built on them). Left out, reaching neither:
// einsum_test (tfjs-backend-webgpu's Einsum kernel multiplies and sums itself), debug_mode_test and
// public/chained_ops/register_all_chained_ops_test. Conv specs join when conv is replaced.
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
