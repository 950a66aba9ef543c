"""SGD+momentum, RMSProp and Adam: the notebook's expected step, several steps with state, dtype."""
import numpy as np
import pytest
from conftest import fail, rel_error

PART = "update_rules"
STATE = {"sgd_momentum": ("velocity",), "rmsprop": ("cache",), "adam": ("m", "v")}


def reference_steps(reference, rule, inputs, dtype=np.float64, steps=None):
    update = getattr(reference["optim"], rule)
    w, config = inputs["w"].astype(dtype), {"learning_rate": 1e-2}
    for dw in inputs["dws"].astype(dtype)[:steps]:
        w, config = update(w, dw, config)
    return w, config


def check_notebook_step(grading, rule, expected, tolerance):
    out = grading.outputs(PART, "update_rules_notebook")
    for key, want in expected.items():
        got = grading.array(out, f"{rule}_{key}", like=want, what=f"{rule}'s {key}")
        error = rel_error(got, want)
        if not error < tolerance:
            fail(f"{rule}: {key} after the notebook's step has relative error {error:.1e} (should be below "
                 f"{tolerance:g})")


def check_rule(grading, reference, rule):
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, f"update_rules_{rule}")
    w, config = reference_steps(reference, rule, inputs)
    got = grading.array(out, "steps_w", like=w, what=f"w after {len(inputs['dws'])} steps of {rule}")
    if rel_error(got, w) > 1e-8:
        first = grading.array(out, "float32_w", like=w, what=f"w after one float32 step of {rule}")
        w1, _ = reference_steps(reference, rule, inputs, np.float32, 1)
        when = "already after the first step" if rel_error(first, w1) > 1e-4 else "only after several steps"
        fail(f"{rule}: the weights differ from the rule's result {when} (relative error {rel_error(got, w):.1e}): "
             f"check that the state in config is updated and returned for the next call")
    for key in STATE[rule]:
        state = grading.array(out, f"steps_config_{key}", like=w, what=f"config['{key}']")
        if rel_error(state, config[key]) > 1e-8:
            fail(f"{rule}: config['{key}'] after several steps differs from the expected state")
    if grading.array(out, "float32_w", like=w).dtype != np.float32:
        fail(f"{rule} turns float32 weights into {out['float32_w'].dtype}: keep w's dtype (a float64 array or "
             f"numpy scalar in the arithmetic upcasts it)")


@pytest.mark.points(3)
def test_sgd_momentum(grading, reference):
    """SGD+momentum: the notebook's step (error below 1e-8) and several steps with its velocity"""
    check_notebook_step(grading, "sgd_momentum", {
        "w": np.asarray([[0.1406, 0.20738947, 0.27417895, 0.34096842, 0.40775789],
                         [0.47454737, 0.54133684, 0.60812632, 0.67491579, 0.74170526],
                         [0.80849474, 0.87528421, 0.94207368, 1.00886316, 1.07565263],
                         [1.14244211, 1.20923158, 1.27602105, 1.34281053, 1.4096]]),
        "velocity": np.asarray([[0.5406, 0.55475789, 0.56891579, 0.58307368, 0.59723158],
                                [0.61138947, 0.62554737, 0.63970526, 0.65386316, 0.66802105],
                                [0.68217895, 0.69633684, 0.71049474, 0.72465263, 0.73881053],
                                [0.75296842, 0.76712632, 0.78128421, 0.79544211, 0.8096]]),
    }, 1e-7)
    check_rule(grading, reference, "sgd_momentum")


@pytest.mark.points(3)
def test_rmsprop(grading, reference):
    """RMSProp: the notebook's step (error below 1e-7) and several steps with its cache"""
    check_notebook_step(grading, "rmsprop", {
        "w": np.asarray([[-0.39223849, -0.34037513, -0.28849239, -0.23659121, -0.18467247],
                         [-0.132737, -0.08078555, -0.02881884, 0.02316247, 0.07515774],
                         [0.12716641, 0.17918792, 0.23122175, 0.28326742, 0.33532447],
                         [0.38739248, 0.43947102, 0.49155973, 0.54365823, 0.59576619]]),
        "cache": np.asarray([[0.5976, 0.6126277, 0.6277108, 0.64284931, 0.65804321],
                             [0.67329252, 0.68859723, 0.70395734, 0.71937285, 0.73484377],
                             [0.75037008, 0.7659518, 0.78158892, 0.79728144, 0.81302936],
                             [0.82883269, 0.84469141, 0.86060554, 0.87657507, 0.8926]]),
    }, 1e-6)
    check_rule(grading, reference, "rmsprop")


@pytest.mark.points(3)
def test_adam(grading, reference):
    """Adam with bias correction: the notebook's step (error below 1e-6), t incremented, several steps"""
    out = grading.outputs(PART, "update_rules_notebook")
    t = grading.array(out, "adam_t", shape=(), what="config['t']")
    if int(t) != 6:
        fail(f"after one step from t = 5, config['t'] should be 6, found {t}: increment t once per call, "
             f"before the bias correction")
    check_notebook_step(grading, "adam", {
        "w": np.asarray([[-0.40094747, -0.34836187, -0.29577703, -0.24319299, -0.19060977],
                         [-0.1380274, -0.08544591, -0.03286534, 0.01971428, 0.0722929],
                         [0.1248705, 0.17744702, 0.23002243, 0.28259667, 0.33516969],
                         [0.38774145, 0.44031188, 0.49288093, 0.54544852, 0.59801459]]),
        "v": np.asarray([[0.69966, 0.68908382, 0.67851319, 0.66794809, 0.65738853],
                         [0.64683452, 0.63628604, 0.6257431, 0.61520571, 0.60467385],
                         [0.59414753, 0.58362676, 0.57311152, 0.56260183, 0.55209767],
                         [0.54159906, 0.53110598, 0.52061845, 0.51013645, 0.49966]]),
        "m": np.asarray([[0.48, 0.49947368, 0.51894737, 0.53842105, 0.55789474],
                         [0.57736842, 0.59684211, 0.61631579, 0.63578947, 0.65526316],
                         [0.67473684, 0.69421053, 0.71368421, 0.73315789, 0.75263158],
                         [0.77210526, 0.79157895, 0.81105263, 0.83052632, 0.85]]),
    }, 1e-6)
    check_rule(grading, reference, "adam")
