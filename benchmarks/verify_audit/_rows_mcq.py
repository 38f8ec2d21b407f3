"""Hand-written audit rows: multiple-choice responses (category mcq).

Label rule applied by hand: true iff the letter the response finally commits
to equals the gold letter; a response that commits to no single letter is false.
"""

MCQ = [
    # ---------------- positives, one per answer-statement form ----------------
    ("C",
     r"""The derivative of $x^3$ is $3x^2$, so at $x=2$ the slope is $12$, which is option C.

$\boxed{C}$""",
     True, "Boxed letter C equals the gold."),

    ("C",
     r"""Only choice (C) satisfies both conditions: it is even and divisible by 3.

$$\boxed{\text{(C)}}$$""",
     True, "\\boxed{\\text{(C)}} chooses C."),

    ("D",
     r"""Mitochondria produce most of the cell's ATP through oxidative phosphorylation, so the organelle described is the mitochondrion.

The answer is D""",
     True, "'The answer is D' matches the gold D."),

    ("B",
     r"""Newton's third law says forces come in equal and opposite pairs acting on different bodies. The book pushes down on the table and the table pushes up on the book with the same magnitude.

The correct answer is (B).""",
     True, "States (B), the gold."),

    ("D",
     r"""D. It can't be A because the reaction is exothermic, and B and C both assume the entropy decreases, which contradicts the gas being produced.""",
     True, "The response leads with D as its choice; A, B, C are only mentioned as rejected."),

    ("C",
     r"""From clue 2, Bruno sits immediately left of Ana, so Bruno isn't at the end. Clue 4 rules out Dara. That leaves Cecile in the end seat.

(C) Cecile""",
     True, "Final choice (C) Cecile equals the gold C."),

    ("B",
     r"""The mean of the set is $\frac{4+8+15+16+23}{5}=13.2$, which lies between 13 and 14.

**Answer: B**""",
     True, "Bold 'Answer: B' matches."),

    ("A",
     r"""The maximum kinetic energy is $K = hf - \phi = 6.5\ \text{eV} - 2.3\ \text{eV} = 4.2\ \text{eV}$.

Answer: (A) 4.2 eV""",
     True, "Chooses (A) with its option text; gold A."),

    ("C",
     r"""The sum of interior angles of a pentagon is $540^\circ$, so each angle of a regular pentagon is $108^\circ$.

So the answer is option C.""",
     True, "'option C' equals the gold."),

    ("B",
     r"""Let's see. Renaissance began in Italy in the 14th century, so "Florence" fits best.

I choose B""",
     True, "'I choose B' matches gold B."),

    ("B",
     r"""Since $\log_2 32 = 5$ and $\log_2 8 = 3$, the ratio is $\frac{5}{3}$, which corresponds to (B).

Therefore, the final answer is $\boxed{B}$.""",
     True, "The final boxed letter is B."),

    ("C",
     r"""The charge on the capacitor is $Q = CV = (4\,\mu\text{F})(12\,\text{V}) = 48\,\mu\text{C}$.

C""",
     True, "The final line is just the letter C."),

    ("D",
     r"""Let's check each option.

- **A** $x=1$: $1-4+3=0$, but the problem requires $f'(x) > 0$ there, and $f'(1)=-2$. Wrong.
- **B** $x=0$: $f(0)=3 \ne 0$. Wrong.
- **C** $x=2$: $f(2)=-1$. Wrong.
- **D** $x=3$: $f(3)=0$ and $f'(3)=2>0$. ✓

So the answer is **D**.""",
     True, "After eliminating A, B, C, the response concludes D."),

    ("C",
     r"""At first glance (A) looks tempting, since 15 is divisible by 3. But the question asks for numbers divisible by both 3 and 5 that are also even, and 15 is odd. The smallest such number is 30.

Answer: C""",
     True, "A is mentioned during reasoning but the concluding choice is C, the gold."),

    ("A",
     r"""The half-life is 5 years, so after 10 years a quarter remains: that would be option (A) 25 g.

Hmm, but the question asks how much has decayed, not how much remains... no wait, re-reading, it asks "how much remains". Still, let me reconsider: the sample started at 100 g, two half-lives... I'll go with the amount that has decayed.

The answer is (B) 75 g.""",
     False, "The response mentions the correct (A) mid-reasoning but its final choice is B."),

    # ---------------- negatives, same forms ----------------
    ("A",
     r"""The slope of the tangent is $3x^2$ at $x=2$, i.e. $12$... which I match with choice C.

$\boxed{C}$""",
     False, "Boxed C but the gold is A."),

    ("C",
     r"""Only option (D) is both even and divisible by 3.

$$\boxed{\text{(D)}}$$""",
     False, "Chooses D; gold C."),

    ("B",
     r"""Chloroplasts carry out photosynthesis, and the question asks about energy from sunlight.

The answer is D""",
     False, "'The answer is D' but the gold is B."),

    ("D",
     r"""The forces in a third-law pair act on the same object and cancel.

The correct answer is (B).""",
     False, "Chooses B; gold D."),

    ("D",
     r"""A. It can't be D because D assumes the reaction is endothermic, which contradicts the negative enthalpy change.""",
     False, "The response leads with A as its choice and explicitly rejects D, the gold."),

    ("C",
     r"""Clue 3 puts Ana in the middle, and Bruno is not next to Dara, so the end seat goes to Bruno.

(B) Bruno""",
     False, "Chooses (B) Bruno; gold C."),

    ("B",
     r"""The median of 4, 8, 15, 16, 23 is 15, which is the answer option A.

**Answer: A**""",
     False, "Bold answer A; gold B."),

    ("A",
     r"""$K = hf - \phi$. With $hf = 6.5$ eV and $\phi = 3.4$ eV, $K = 3.1$ eV.

Answer: (C) 3.1 eV""",
     False, "Chooses (C) 3.1 eV; gold A."),

    ("C",
     r"""Each interior angle of a regular pentagon is $\frac{360^\circ}{5} = 72^\circ$.

So the answer is option D.""",
     False, "Chooses option D; gold C."),

    ("B",
     r"""Venice was the richest trading city, so the Renaissance must have started there.

I choose A""",
     False, "'I choose A' but gold is B."),

    ("B",
     r"""$\log_2 32 = 5$ and $\log_2 8 = 3$, so the difference is $2$.

The final answer is $\boxed{D}$.""",
     False, "Final boxed letter D; gold B."),

    ("C",
     r"""$Q = CV = 4\,\mu\text{F} \times 12\,\text{V} = 48\,\mu\text{C}$. Hmm, the options list $48\,\mu$C under B.

B""",
     False, "The final line is the letter B; gold C."),

    ("D",
     r"""Checking each option:

- **A** $x = 1$: $f(1) = 0$ ✓ — this is a root.
- **B** $x = 0$: $f(0) = 3$, not a root.
- **C** $x = 2$: $f(2) = -1$, not a root.
- **D** $x = 3$: $f(3) = 0$, also a root, but we only need one.

The first root we found is A, so **the answer is A**.""",
     False, "After discussing each option the response concludes A; the gold is D (the root with f'(x) > 0)."),

    ("A",
     r"""Let's think about each option. (A) seems plausible because the sample decays exponentially. (B) would be the case for linear decay. (C) and (D) overstate the amount.

Without knowing whether the question means the remaining or the decayed amount, I can't determine which one is intended.""",
     False, "The response never commits to a letter."),

    ("B",
     r"""Both (B) and (C) describe an increasing function on the interval, and the graph isn't provided, so either could be correct depending on the concavity.

It's B or C.""",
     False, "The response hedges between B and C without choosing one letter."),

    # ---------------- 10-option sets (E..J) ----------------
    ("G",
     r"""Using $\Delta G = \Delta H - T\Delta S = -92 - 298(-0.199) = -92 + 59.3 = -32.7$ kJ/mol, which is option G.

$\boxed{G}$""",
     True, "Boxed G; gold G."),

    ("E",
     r"""Among the ten listed philosophers, only Hume argued that causation is merely constant conjunction.

The answer is (E).""",
     True, "'The answer is (E)' matches."),

    ("J",
     r"""The elasticity is $\frac{\%\Delta Q}{\%\Delta P}=\frac{-30\%}{10\%}=-3$, so demand is elastic with magnitude 3.

Answer: J""",
     True, "Answer J equals gold J."),

    ("H",
     r"""The GDP deflator is nominal/real $\times 100 = \frac{1200}{1000}\times 100 = 120$.

Let me verify with the options... 120 corresponds to (F).

the answer is (F)""",
     False, "Chooses F; gold H."),

    ("E",
     r"""Let's think step by step. The question concerns the doctrine of promissory estoppel, which applies when there is reliance without consideration. Options A-D involve consideration, so they are out. Between E and I, I is more specific.

Answer: (I)""",
     False, "Final answer (I); gold E."),

    ("I",
     r"""The ionic radius increases down the group, and among the listed ions the largest is iodide, which is option I.

I think the answer is I.""",
     True, "The first 'I' is the pronoun; the chosen letter is I, which equals the gold."),

    # ---------------- Sky-T1 format ----------------
    ("B",
     r"""<|begin_of_thought|>

The question asks which of the following is irrational. A is 0.25 = 1/4, rational. B is √2, irrational. C is 22/7, rational. D is 0.333..., which is 1/3, rational. So B.

<|end_of_thought|>

<|begin_of_solution|>

Options A, C and D are all ratios of integers ($\frac14$, $\frac{22}{7}$, $\frac13$), while $\sqrt{2}$ cannot be written as a ratio of integers.

$\boxed{B}$

<|end_of_solution|>""",
     True, "The solution block boxes B, the gold."),

    ("C",
     r"""<|begin_of_thought|>

We need the probability of drawing two red balls without replacement from 5 red and 3 blue. That's (5/8)(4/7) = 20/56 = 5/14. Option C is 5/14. Hmm, but wait, maybe with replacement: (5/8)^2 = 25/64, which is option A. The problem says "one after another", which suggests replacement? I'll go with that.

<|end_of_thought|>

<|begin_of_solution|>

Drawing one after another with replacement, $P = \left(\frac58\right)^2 = \frac{25}{64}$.

$\boxed{A}$

<|end_of_solution|>""",
     False, "The thought considers C (the gold) but the solution commits to A."),

    # ---------------- more varied forms ----------------
    ("D",
     r"""Kinetic friction opposes the relative motion and does negative work on the sliding block.

Option (D) is correct.""",
     True, "'Option (D) is correct' chooses D."),

    ("A",
     r"""The discriminant $b^2 - 4ac = 16 - 16 = 0$, so there is exactly one real (repeated) root.

Therefore, **(A)**""",
     True, "Concludes (A); gold A."),

    ("C",
     r"""Number of edges of a hexagonal prism: 6 on top, 6 on bottom, 6 vertical, total 18.

The answer: C) 18""",
     True, "Chooses C) 18; gold C."),

    ("B",
     r"""The angle subtended at the centre is twice the inscribed angle: $2 \times 22.5^\circ = 45^\circ$.

Correct choice: B — 45°""",
     True, "Correct choice B; gold B."),

    ("E",
     r"""The number of positive divisors of $144 = 2^4\cdot 3^2$ is $(4+1)(2+1) = 15$.

$\boxed{\textbf{(E)}\ 15}$""",
     True, "AMC-style box chooses (E) 15; gold E."),

    ("D",
     r"""We need $a + b = 10$ and $ab = 21$, so $\{a,b\} = \{3,7\}$ and $a^2 + b^2 = 58$.

$\textbf{(B)}\ 58$""",
     False, "The response chooses (B); the gold letter is D."),

    ("A",
     r"""Both A and B describe a process in which entropy increases, so I'll list both.

Answer: A, B""",
     False, "For a single-answer question, answering 'A, B' does not commit to the one letter A."),

    ("C",
     r"""Acceleration is the rate of change of velocity, so the slope of a velocity-time graph gives acceleration.

The answer is C, not D.""",
     True, "'C, not D' chooses C; gold C."),

    ("C",
     r"""The slope of a position-time graph gives velocity, not acceleration.

The answer is not C; it's D.""",
     False, "Explicitly rejects C and chooses D; gold C."),

    ("B",
     r"""Answer: B

Wait, let me recheck. The total resistance of two 6 Ω resistors in parallel is 3 Ω, so $I = 12/3 = 4$ A. Hmm, I previously used series (12 Ω, 1 A). With parallel, 4 A is option A.

Actually the correct answer is A.""",
     False, "The initial 'Answer: B' is retracted; the final choice is A, and the gold is B."),

    ("B",
     r"""Answer: A

Wait — the resistors are in series, not parallel: $R = 6 + 6 = 12\ \Omega$ and $I = 12/12 = 1$ A, which is option B.

So the answer is B.""",
     True, "The response corrects its initial A and finally chooses B, the gold."),

    ("C",
     r"""The process where a liquid becomes a gas at the surface below the boiling point is evaporation, so the answer is c""",
     True, "Lowercase 'c' still denotes option C."),

    ("D",
     r"""The sum $1 + 2 + \dots + 20 = 210$, which is option (b).

Answer: (b)""",
     False, "Chooses (b) = B; gold D."),

    ("D",
     r"""{"reasoning": "The median of 3, 7, 9, 12, 20 is the third value, 9.", "answer": "D"}""",
     True, "The JSON answer field is D."),

    ("A",
     r"""The amplitude of $y = 3\sin(2x)$ is the coefficient 3... and I'll match it with the graph labelled C.

Final Answer: The final answer is $\boxed{\text{C}}$. I hope it is correct.""",
     False, "Final boxed letter C; gold A."),

    ("B",
     r"""三角形内角和为 $180^\circ$，所以第三个角为 $180^\circ - 50^\circ - 60^\circ = 70^\circ$，对应选项 B。

答案是 B""",
     True, "The Chinese response ('the answer is B') chooses B."),

    ("A",
     r"""Choice (A) is the only one in which the oxidation state of carbon increases, so we go with (A).""",
     True, "Concludes with (A); gold A."),

    ("A",
     r"""$K_{\max} = hf - \phi = 6.5 - 2.3 = 4.2$ eV.

The answer is 4.2 eV, which corresponds to option A.""",
     True, "Identifies option A explicitly as the final choice."),

    ("B",
     r"""Option B gives a greater sample size, but option D controls for the confounding variable. Between B and D, D is better.

Answer: D""",
     False, "Final answer D; gold B."),

    ("D",
     r"""A is wrong because a catalyst does not change $\Delta H$.
B is wrong because a catalyst does not shift the equilibrium.
C is wrong because it is not consumed in the reaction.
D is correct: a catalyst lowers the activation energy.""",
     True, "Walks through each option and marks only D as correct; gold D."),

    ("B",
     r"""A is correct: increasing temperature increases the rate constant.
B is incorrect: concentration does not change the rate constant.
C is incorrect.
D is incorrect.""",
     False, "The response marks A as the correct option; gold B."),

    ("C",
     r"""The passage does not give enough information about the author's later work. I would need more context to choose between the options.""",
     False, "No letter is chosen."),

    ("B",
     r"""$\boxed{B}$

Explanation: by the Pythagorean theorem the diagonal of a $5 \times 12$ rectangle is $\sqrt{25 + 144} = 13$, which is option B.""",
     True, "The answer-first box B is supported by the explanation and never changed."),

    ("D",
     r"""Using $v^2 = u^2 + 2as$: $v^2 = 0 + 2(9.8)(20) = 392$, $v \approx 19.8$ m/s, so $\boxed{D}$.

Hmm, wait, the question asks for the time, not speed: $t = v/g \approx 2.0$ s. That's option B.

$\boxed{B}$""",
     False, "The earlier box D is superseded; the final box is B, and the gold is D."),

    ("F",
     r"""The Treaty of Westphalia (1648) ended the Thirty Years' War and is widely seen as the origin of the modern state system.

Answer: F""",
     True, "Answer F matches gold F."),

    ("H",
     r"""Marginal cost equals marginal revenue at $q = 40$, which gives a price of \$60 from the demand curve.

The correct option is (H).""",
     True, "Chooses (H); gold H."),

    ("J",
     r"""Counting the allowed arrangements gives 72, listed under option G.

(G)""",
     False, "Final line (G); gold J."),

    ("A",
     r"""**Solution.** Since $f(-x) = -f(x)$ for $f(x) = x^3 - x$, the function is odd, so its graph is symmetric about the origin.

**Answer: (A)**""",
     True, "Bold final answer (A); gold A."),

    ("C",
     r"""The pH of a $10^{-3}$ M HCl solution is $-\log(10^{-3}) = 3$.

I choose D""",
     False, "'I choose D'; gold C."),
]
