# ruff: noqa: E501
"""The generator's vocabulary: conditions, exercises, services, measures and phrasings.

Written from clinical practice without looking at the offline parser's tables, so the eval
does not grade the parser on its own dictionary. Every ICD-10-CM code here is a billable leaf
code (tests/evals/test_generator.py checks them against simple-icd-10-cm).
"""

from dataclasses import dataclass

from assistant.domain.note import ExerciseKind as K


@dataclass(frozen=True, slots=True)
class Condition:
    key: str
    label: str  # how a clinician names it in a note
    region: str  # the region family the exercises are drawn from
    # side -> ICD-10-CM codes, the primary first; "midline" for the spine, "none" for no side
    codes: dict[str, tuple[str, ...]]
    spoken: tuple[str, ...]  # how it is said aloud
    goals: tuple[str, ...]
    services: tuple[str, ...]  # codes besides 97110 that fit the condition


@dataclass(frozen=True, slots=True)
class ExerciseSpec:
    name: str
    short: tuple[str, ...]  # shorthand forms
    spoken: tuple[str, ...]  # dictated forms
    region: str  # the body region recorded on the exercise
    kind: K
    dose: str  # weight, band, bodyweight, hold, stretch, rom, time, balance
    sided: bool  # done on one limb (the side treated)
    families: tuple[str, ...]


# fmt: off
CONDITIONS: tuple[Condition, ...] = (
    Condition(
        "knee_oa", "knee osteoarthritis", "knee",
        {"right": ("M17.11",), "left": ("M17.12",), "bilateral": ("M17.0",)},
        ("knee arthritis", "OA of the knee", "degenerative knee"),
        ("ascend and descend 12 steps with one rail, reciprocal pattern",
         "walk 1000 ft in the community without an assistive device",
         "stand from a standard chair without using the arms 5 times in under 15 seconds"),
        ("97140", "97530", "97116", "97010"),
    ),
    Condition(
        "tka", "status post total knee arthroplasty", "knee",
        {"right": ("Z47.1", "Z96.651"), "left": ("Z47.1", "Z96.652")},
        ("total knee replacement", "TKR", "knee replacement"),
        ("knee flexion AROM to 110 degrees for stairs and car transfers",
         "full knee extension for a normal heel strike",
         "walk household distances without the walker"),
        ("97140", "97116", "97530", "97010", "97032"),
    ),
    Condition(
        "acl", "ACL reconstruction", "knee",
        {"right": ("S83.511D",), "left": ("S83.512D",)},
        ("ACL repair", "ACL recon", "anterior cruciate reconstruction"),
        ("single-leg squat to 60 degrees with no valgus collapse",
         "jog 10 minutes pain free", "return to recreational soccer"),
        ("97112", "97140", "97530"),
    ),
    Condition(
        "rcr", "rotator cuff repair", "shoulder",
        {"right": ("M75.121", "Z98.890"), "left": ("M75.122", "Z98.890")},
        ("rotator cuff repair", "cuff repair", "RC repair"),
        ("reach to an overhead shelf to put away dishes",
         "shoulder flexion AROM to 150 degrees", "sleep through the night on the operated side"),
        ("97140", "97530", "97535", "97010"),
    ),
    Condition(
        "frozen", "adhesive capsulitis", "shoulder",
        {"right": ("M75.01",), "left": ("M75.02",)},
        ("frozen shoulder", "adhesive capsulitis"),
        ("reach behind the back to tuck in a shirt", "shoulder abduction AROM to 140 degrees"),
        ("97140", "97035", "97530"),
    ),
    Condition(
        "lbp", "low back pain", "spine",
        {"midline": ("M54.50",)},
        ("low back pain", "LBP", "lumbar pain"),
        ("sit 60 minutes at work with pain under 3/10",
         "lift 20 lb from floor to waist with proper body mechanics",
         "independent with the home exercise program"),
        ("97140", "97112", "97530", "97032", "G0283"),
    ),
    Condition(
        "radic", "lumbar radiculopathy", "spine",
        {"midline": ("M51.16",)},
        ("sciatica", "lumbar radiculopathy", "disc with leg pain"),
        ("centralise leg symptoms to the low back", "walk 30 minutes without leg pain"),
        ("97140", "97530", "97035"),
    ),
    Condition(
        "neck", "cervicalgia", "neck",
        {"midline": ("M54.2",)},
        ("neck pain", "cervicalgia"),
        ("work at the computer 2 hours with neck pain under 2/10",
         "cervical rotation AROM to 70 degrees both ways for driving"),
        ("97140", "97112", "97035"),
    ),
    Condition(
        "ankle", "ankle sprain", "ankle",
        {"right": ("S93.401D",), "left": ("S93.402D",)},
        ("rolled ankle", "ankle sprain", "inversion sprain"),
        ("single-leg stance 30 seconds on foam", "return to running 2 miles pain free"),
        ("97112", "97140", "97116"),
    ),
    Condition(
        "hip_fx", "hip fracture", "hip",
        {"right": ("S72.001D",), "left": ("S72.002D",)},
        ("hip fracture", "broken hip", "femoral neck fracture"),
        ("walk 300 ft with a cane and no loss of balance",
         "independent tub transfers with a bench", "Berg balance score above 45"),
        ("97116", "97530", "97112", "97535"),
    ),
    Condition(
        "hip_oa", "hip osteoarthritis", "hip",
        {"right": ("M16.11",), "left": ("M16.12",)},
        ("hip arthritis", "degenerative hip"),
        ("put on socks and shoes without a reacher", "walk 20 minutes without a limp"),
        ("97140", "97116", "97530"),
    ),
    Condition(
        "stroke", "hemiparesis after stroke", "neuro",
        {"right": ("I69.351",), "left": ("I69.354",)},
        ("CVA with hemiparesis", "stroke", "hemiparesis"),
        ("walk 150 ft with a quad cane and stand-by assist",
         "sit to stand independently from a standard chair",
         "dress the upper body with set-up only"),
        ("97112", "97116", "97530", "97535"),
    ),
    Condition(
        "elbow", "lateral epicondylitis", "elbow",
        {"right": ("M77.11",), "left": ("M77.12",)},
        ("tennis elbow", "lateral epicondylalgia"),
        ("carry a full grocery bag without elbow pain", "grip 80 lb on the dynamometer"),
        ("97140", "97035", "97032"),
    ),
    Condition(
        "pfps", "patellofemoral pain", "knee",
        {"right": ("M22.2X1",), "left": ("M22.2X2",)},
        ("runner's knee", "patellofemoral pain", "PFPS"),
        ("descend stairs reciprocally without knee pain", "run 3 miles pain free"),
        ("97112", "97140", "97530"),
    ),
    Condition(
        "balance", "unsteadiness and gait abnormality", "neuro",
        {"none": ("R26.81",)},
        ("balance problems", "falls risk", "unsteady gait"),
        ("TUG under 13.5 seconds", "no falls over the next month",
         "walk outdoors on uneven ground with a cane"),
        ("97112", "97116", "97530"),
    ),
)

# fmt: on


def _ex(
    name: str, short: str, spoken: str, region: str, kind: K, dose: str, sided: bool, fams: str
) -> ExerciseSpec:
    return ExerciseSpec(
        name,
        tuple(short.split("|")),
        tuple(spoken.split("|")),
        region,
        kind,
        dose,
        sided,
        tuple(fams.split()),
    )


# fmt: off
W, B, BW, H, S, R, T, BAL = "weight", "band", "bodyweight", "hold", "stretch", "rom", "time", "bal"
EXERCISES: tuple[ExerciseSpec, ...] = (
    _ex("straight leg raise", "SLR|SLRs", "straight leg raises|leg lifts", "hip flexors and quadriceps", K.ISOTONIC, W, True, "knee hip"),
    _ex("quad set", "QS|quad sets", "quad sets|quad squeezes", "quadriceps", K.ISOMETRIC, H, True, "knee"),
    _ex("heel slide", "heel slides|HS", "heel slides", "knee", K.AAROM, R, True, "knee hip"),
    _ex("short arc quad", "SAQ|SAQs", "short arc quads|short arcs", "quadriceps", K.ISOTONIC, W, True, "knee"),
    _ex("long arc quad", "LAQ|LAQs", "long arc quads|seated knee extensions", "quadriceps", K.ISOTONIC, W, True, "knee neuro"),
    _ex("terminal knee extension", "TKE|TKEs", "terminal knee extensions|TKEs", "quadriceps", K.ISOTONIC, B, True, "knee"),
    _ex("mini squat", "mini squats|mini sq", "mini squats|partial squats", "quadriceps and gluteals", K.ISOTONIC, BW, False, "knee hip"),
    _ex("wall sit", "wall sits", "wall sits", "quadriceps", K.ISOMETRIC, H, False, "knee"),
    _ex("forward step-up", "fwd step ups|step ups", "step ups|forward step ups", "quadriceps and gluteals", K.ISOTONIC, BW, True, "knee hip neuro"),
    _ex("lateral step-up", "lat step ups", "lateral step ups|side step ups", "gluteus medius and quadriceps", K.ISOTONIC, BW, True, "knee hip"),
    _ex("hamstring curl", "HS curls|ham curls", "hamstring curls", "hamstrings", K.ISOTONIC, W, True, "knee"),
    _ex("leg press", "leg press", "leg press", "quadriceps and gluteals", K.ISOTONIC, W, False, "knee hip"),
    _ex("hamstring stretch", "HS stretch|hamstring str", "hamstring stretch|hamstring stretches", "hamstrings", K.STRETCH, S, True, "knee spine hip"),
    _ex("calf stretch", "gastroc str|calf str", "calf stretch|calf stretches", "gastrocnemius", K.STRETCH, S, True, "ankle knee"),
    _ex("prone knee hang", "prone hang", "prone hangs|prone knee hangs", "knee", K.PROM, R, True, "knee"),
    _ex("stationary bike", "bike|recumbent bike", "bike|stationary bike|recumbent bike", "lower extremities", K.ENDURANCE, T, False, "knee hip ankle"),
    _ex("NuStep", "NuStep|nustep", "NuStep|the NuStep", "upper and lower extremities", K.ENDURANCE, T, False, "neuro hip knee spine"),
    _ex("clamshell", "clams|clamshells", "clamshells|clams", "gluteus medius", K.ISOTONIC, B, True, "hip knee spine"),
    _ex("side-lying hip abduction", "SL hip abd|hip abd", "side lying hip abduction|side lying leg lifts", "hip abductors", K.ISOTONIC, W, True, "hip knee"),
    _ex("standing hip extension", "stdg hip ext", "standing hip extension", "gluteus maximus", K.ISOTONIC, B, True, "hip"),
    _ex("bridge", "bridges|bridging", "bridges|bridging", "gluteals and hamstrings", K.ISOTONIC, BW, False, "hip knee spine neuro"),
    _ex("hip flexor stretch", "hip flex str|Thomas str", "hip flexor stretch|hip flexor stretches", "hip flexors", K.STRETCH, S, True, "hip spine"),
    _ex("piriformis stretch", "piriformis str|figure 4 str", "piriformis stretch|figure four stretch", "piriformis", K.STRETCH, S, True, "hip spine"),
    _ex("heel raise", "heel raises|HR", "heel raises|calf raises", "gastrocnemius and soleus", K.ISOTONIC, BW, False, "ankle knee neuro"),
    _ex("ankle alphabet", "ankle ABCs|alphabet", "ankle alphabet|ankle ABCs", "ankle", K.AROM, R, True, "ankle"),
    _ex("ankle eversion", "ankle ev|eversion", "ankle eversion|band eversion", "peroneals", K.ISOTONIC, B, True, "ankle"),
    _ex("ankle dorsiflexion", "DF|ankle DF", "ankle dorsiflexion|band dorsiflexion", "tibialis anterior", K.ISOTONIC, B, True, "ankle neuro"),
    _ex("towel scrunch", "towel scrunches", "towel scrunches|towel curls", "foot intrinsics", K.ISOTONIC, BW, True, "ankle"),
    _ex("pendulum", "pendulums|codman", "pendulums|Codman's", "shoulder", K.PROM, R, True, "shoulder"),
    _ex("table slide", "table slides", "table slides", "shoulder", K.AAROM, R, True, "shoulder"),
    _ex("wand flexion", "wand flex|cane flex", "wand flexion|cane flexion|dowel flexion", "shoulder", K.AAROM, R, True, "shoulder"),
    _ex("pulleys", "pulleys|OH pulleys", "pulleys|overhead pulleys", "shoulder", K.AAROM, R, True, "shoulder"),
    _ex("shoulder external rotation", "ER|ER w/ band", "external rotation|band external rotation", "rotator cuff", K.ISOTONIC, B, True, "shoulder"),
    _ex("shoulder internal rotation", "IR|IR w/ band", "internal rotation|band internal rotation", "rotator cuff", K.ISOTONIC, B, True, "shoulder"),
    _ex("scapular retraction", "scap retraction|scap squeezes", "scap squeezes|shoulder blade squeezes", "scapular retractors", K.ISOMETRIC, H, False, "shoulder neck"),
    _ex("row", "rows|band rows", "rows|band rows", "rhomboids and middle trapezius", K.ISOTONIC, B, False, "shoulder neck spine"),
    _ex("sidelying ER", "SL ER", "side lying external rotation", "infraspinatus and teres minor", K.ISOTONIC, W, True, "shoulder"),
    _ex("scaption", "scaption", "scaption|raises in the scapular plane", "supraspinatus and deltoid", K.ISOTONIC, W, True, "shoulder"),
    _ex("sleeper stretch", "sleeper str", "sleeper stretch", "posterior shoulder capsule", K.STRETCH, S, True, "shoulder"),
    _ex("doorway pec stretch", "pec str|doorway str", "doorway stretch|pec stretch", "pectorals", K.STRETCH, S, False, "shoulder neck"),
    _ex("UBE", "UBE|arm bike", "UBE|arm bike", "upper extremities", K.ENDURANCE, T, False, "shoulder neck neuro"),
    _ex("wrist extensor eccentric", "eccentric wrist ext|ecc wrist ext", "eccentric wrist extension|wrist extension eccentrics", "wrist extensors", K.ISOTONIC, W, True, "elbow"),
    _ex("wrist extensor stretch", "wrist ext str", "wrist extensor stretch", "wrist extensors", K.STRETCH, S, True, "elbow"),
    _ex("grip strengthening", "grip|putty", "grip squeezes|putty squeezes", "forearm and hand", K.ISOTONIC, W, True, "elbow neuro"),
    _ex("pelvic tilt", "PPT|post pelvic tilts", "pelvic tilts|posterior pelvic tilts", "lumbar spine and abdominals", K.ISOMETRIC, H, False, "spine"),
    _ex("bird dog", "bird dogs|quadruped alt arm/leg", "bird dogs", "lumbar stabilisers", K.ISOMETRIC, H, False, "spine"),
    _ex("dead bug", "dead bugs", "dead bugs", "abdominals", K.ISOTONIC, BW, False, "spine"),
    _ex("prone press-up", "prone press ups|REIL", "press ups|prone press ups", "lumbar spine", K.AROM, R, False, "spine"),
    _ex("lower trunk rotation", "LTR|LTRs", "lower trunk rotations|knee rocks", "lumbar spine", K.AROM, R, False, "spine"),
    _ex("single knee to chest", "SKTC|knee to chest", "knee to chest stretch|single knee to chest", "lumbar spine and gluteals", K.STRETCH, S, False, "spine hip"),
    _ex("plank", "planks|prone plank", "planks", "core", K.ISOMETRIC, H, False, "spine"),
    _ex("chin tuck", "chin tucks|cerv retraction", "chin tucks|neck retractions", "deep neck flexors", K.ISOMETRIC, H, False, "neck"),
    _ex("upper trapezius stretch", "UT str|upper trap str", "upper trap stretch|upper trapezius stretch", "upper trapezius", K.STRETCH, S, False, "neck shoulder"),
    _ex("cervical rotation", "cerv rot AROM", "neck rotations|cervical rotation", "cervical spine", K.AROM, R, False, "neck"),
    _ex("sit to stand", "STS|sit<>stand", "sit to stands|sit to stand", "quadriceps and gluteals", K.ISOTONIC, BW, False, "neuro hip knee"),
    _ex("treadmill walking", "TM|treadmill", "treadmill|treadmill walking", "lower extremities", K.ENDURANCE, T, False, "neuro hip knee spine"),
    _ex("seated marching", "seated marching|marches", "seated marching|marches", "hip flexors", K.AROM, R, False, "neuro hip"),
    _ex("shoulder flexion AAROM", "sh flex AAROM", "shoulder flexion with assist", "shoulder", K.AAROM, R, True, "neuro"),
)

BALANCE: tuple[ExerciseSpec, ...] = (
    _ex("single-leg stance", "SLS|SL stance", "single leg stance|standing on one leg", "ankle and hip stabilisers", K.ISOMETRIC, BAL, True, "ankle knee neuro hip"),
    _ex("tandem stance", "tandem", "tandem stance|heel to toe stance", "balance", K.ISOMETRIC, BAL, False, "neuro hip"),
    _ex("foam stance", "foam stance|stance on foam", "standing on foam|foam stance", "balance", K.ISOMETRIC, BAL, False, "ankle neuro knee spine"),
)

# Joint-level names a region family may be recorded under, besides the muscles worked.
FAMILY_REGIONS: dict[str, tuple[str, ...]] = {
    "knee": ("knee", "lower extremity"), "hip": ("hip", "lower extremity"),
    "ankle": ("ankle", "foot", "lower extremity"), "shoulder": ("shoulder", "upper extremity"),
    "spine": ("lumbar", "low back", "trunk", "core"), "neck": ("cervical", "neck"),
    "elbow": ("elbow", "wrist", "forearm"), "neuro": ("lower extremity", "upper extremity"),
}
BAND_COLOURS = ("yellow", "red", "green", "blue", "black")
BAND_SHORT = {"yellow": "YTB", "red": "RTB", "green": "GTB", "blue": "BTB", "black": "BlkTB"}

SERVICES: dict[str, tuple[str, ...]] = {
    # code -> ways a therapist describes what was done
    "97140": ("joint mobilization grade III to the {region}", "soft tissue mobilization to the {region}",
              "manual stretching and mobs to the {region}", "STM and joint mobs to the {region}"),
    "97112": ("balance training on foam and in tandem", "proprioceptive training for the {region}",
              "neuromuscular re-education for postural control"),
    "97116": ("gait training with a {device}, {distance} ft x {laps} with cues for heel strike",
              "gait training with a {device} on level surfaces and stairs, {distance} ft"),
    "97530": ("functional transfer training, sit to stand and car transfer practice",
              "stair negotiation and lifting practice for return to work",
              "reaching and carrying tasks for household activities"),
    "97535": ("home management training: tub bench set-up and safe showering",
              "self-care training in dressing with adaptive equipment"),
    "97032": ("attended electrical stimulation to the {region} for pain",),
    "97035": ("ultrasound 1 MHz 1.0 W/cm2 to the {region}",),
    "97010": ("hot pack to the {region}", "cold pack to the {region} after exercise"),
    "G0283": ("unattended electrical stimulation (IFC) to the {region}",),
}
SERVICE_SHORT = {
    "97110": ("TherEx", "ther ex", "TE"), "97140": ("MT", "manual"), "97112": ("NMR", "neuro re-ed"),
    "97116": ("GT", "gait trng"), "97530": ("TA", "ther act"), "97535": ("self care",),
    "97032": ("e-stim attended",), "97035": ("US",), "97010": ("HP/CP",), "G0283": ("IFC unattended",),
}
SERVICE_SPOKEN = {
    "97110": ("therapeutic exercise", "ther ex", "exercise"), "97140": ("manual therapy",),
    "97112": ("neuromuscular re-education", "neuro re-ed"), "97116": ("gait training",),
    "97530": ("therapeutic activities", "functional activities"),
    "97535": ("self-care training", "home management training"),
    "97032": ("attended e-stim",), "97035": ("ultrasound",), "97010": ("hot pack",),
    "G0283": ("unattended e-stim",),
}
DEVICES = ("rolling walker", "single point cane", "quad cane", "front-wheeled walker")

PURPOSES = {
    "97110": ("to improve {region} strength for stairs", "to restore {region} range of motion",
              "to build strength and endurance for walking", "to improve flexibility and strength"),
    "97140": ("to reduce pain and restore joint mobility",),
    "97112": ("to improve balance and reduce fall risk",),
    "97116": ("to normalise gait pattern",),
    "97530": ("to improve functional mobility",),
    "97535": ("to improve safety and independence at home",),
}
SKILLED = (
    "verbal and tactile cues for {cue}",
    "therapist monitored form and modified the exercise for {cue}",
    "progressed load based on response, cues for {cue}",
    "skilled cueing required for {cue}; modified range to stay pain free",
)
MODALITY_SKILLED = (
    "therapist monitored skin response and adjusted intensity throughout",
    "continuous monitoring of tolerance and parameters by the therapist",
)
CUES: dict[str, tuple[str, ...]] = {
    "knee": ("eccentric control", "avoiding knee valgus", "full terminal extension"),
    "hip": ("neutral pelvis", "avoiding hip hike", "glute activation before lifting"),
    "ankle": ("foot tripod position", "avoiding inversion", "slow controlled tempo"),
    "shoulder": ("scapular setting", "avoiding shoulder shrug", "pain-free range only"),
    "spine": ("neutral spine", "correct hip hinge", "abdominal bracing"),
    "neck": ("chin tuck posture", "scapular setting", "breathing and pacing"),
    "elbow": ("wrist alignment", "slow eccentric lowering", "pain-free grip"),
    "neuro": ("weight shift to the weaker side", "safe foot clearance", "breathing and pacing"),
}
SKILLED_BY_CODE = {
    "97140": ("graded mobilization adjusted to tissue response",
              "therapist assessed end feel and progressed grade"),
    "97116": ("cues for sequencing and heel strike, guarding for safety",
              "therapist adjusted device height and pacing"),
    "97112": ("manual perturbations and cues for {cue}",
              "progressed surface difficulty based on response"),
    "97530": ("cues for body mechanics and {cue}", "task graded by the therapist for safety"),
    "97535": ("training in safe technique with return demonstration",),
}
RESPONSES = (
    "tolerated well with no increase in pain",
    "mild fatigue by the last set, pain unchanged",
    "pain decreased after the session",
    "tolerated fair, needed rest breaks",
    "good form by the end of the session",
)
SUBJECTIVE = (
    "Pt reports {feeling} since last visit.", "Patient states {feeling}.",
)
FEELINGS = (
    "less stiffness in the morning", "more trouble with stairs", "doing the home exercises daily",
    "sleeping better", "soreness after the last session that eased by the next day",
)
FILLERS = ("um", "uh", "so", "okay", "you know", "like", "alright")
CORRECTIONS = ("no wait", "sorry", "I mean", "scratch that", "actually")
# fmt: on
