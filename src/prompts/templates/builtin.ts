/**
 * The built-in workflow templates: a jewellery studio's five ornament workflows, written as data in
 * the same form as a user's YAML template (and checked by the same validator).
 */

const KEEP_ORNAMENT = 'same design, metal, finish, stones, colours, engravings and proportions';

const ORNAMENT_ROLE = {
  name: 'ornament',
  description: 'a photo of the piece of jewellery',
  required: true,
  intro: 'the ornament',
};

const POSE_ROLE = {
  name: 'pose',
  description: 'a photo whose pose and framing to follow (the person in it is not copied)',
  intro: 'a pose reference (follow its pose and framing only)',
};

const SIZE_PARAM = { name: 'size', description: "the ornament's real size, e.g. \"2 cm pendant\" or \"6 mm band\"" };

const PERSONA_PARAM = {
  name: 'persona',
  description: 'who the AI model is',
  default: 'a professional fashion model',
};

export const BUILTIN_TEMPLATES: Readonly<Record<string, unknown>> = {
  'white-background': {
    description: 'A product shot of the ornament on a pure white background.',
    roles: [ORNAMENT_ROLE],
    prompt: [
      'Make a professional e-commerce product photograph of the ornament on a pure white (#FFFFFF) seamless background.',
      'Remove everything else from the photo: hands, props, packaging and the old surface and shadows.',
      `Keep the ornament exactly as it is: ${KEEP_ORNAMENT}.`,
      'Soft, even studio lighting with gentle reflections on the metal and a faint natural shadow beneath the piece; the ornament centred, filling most of the frame, every detail in sharp focus.',
    ],
    example: 'imagegen templates run white-background -i ornament=fixtures/ring.png',
  },
  'change-background': {
    description: 'The ornament on a new background: a plain colour (--param colour=…) or a scene from a background image.',
    roles: [ORNAMENT_ROLE, { name: 'background', description: 'a photo of the scene to put the ornament in', intro: 'the new background' }],
    params: [{ name: 'colour', description: 'a plain background colour, e.g. "deep navy blue" or "#f4e1d2"' }],
    oneOf: [['colour', 'background']],
    prompt: [
      `Change the background behind the ornament, and keep the ornament exactly as it is: ${KEEP_ORNAMENT}.`,
      { text: 'Make the new background a smooth, plain {colour} studio backdrop with soft, even light.', when: 'colour' },
      {
        text: "Place the ornament into the scene of the background image, matching the scene's light, perspective and colour temperature, with realistic contact shadows and reflections, so it sits there naturally.",
        when: 'background',
      },
    ],
    example: 'imagegen templates run change-background -i ornament=fixtures/ring.png --param colour="deep navy blue"',
  },
  'ai-model': {
    description: 'An AI-generated model wearing the ornament, in a close-up fashion photograph.',
    roles: [ORNAMENT_ROLE, POSE_ROLE],
    params: [PERSONA_PARAM, SIZE_PARAM],
    aspect: '3:4',
    prompt: [
      'Create a photorealistic close-up fashion photograph of {persona} wearing the ornament.',
      `The ornament must look exactly like the one in its image (${KEEP_ORNAMENT}), worn where such a piece is worn, at a realistic scale.`,
      { text: "The ornament's real size is {size}; show it at that scale.", when: 'size' },
      { text: 'Follow the pose and framing of the pose reference.', when: 'pose' },
      'Natural skin texture, soft flattering studio light, shallow depth of field with the ornament in sharp focus.',
    ],
    example: 'imagegen templates run ai-model "summer editorial, golden hour" -i ornament=fixtures/necklace.png',
  },
  'real-model': {
    description: 'A real person (from one to five photos, or a saved identity) wearing the ornament.',
    roles: [
      ORNAMENT_ROLE,
      { name: 'model', description: 'photos of the person who wears the ornament (or --identity NAME)', required: true, repeatable: true, max: 5, identity: true, intro: 'a photo of the model' },
      POSE_ROLE,
    ],
    params: [SIZE_PARAM],
    aspect: '3:4',
    prompt: [
      'Create a photorealistic photograph of the person from the model photos wearing the ornament.',
      'Keep the person exactly as they are: face, facial features, skin tone, hair and body shape; they must be clearly recognisable.',
      `The ornament must look exactly like the one in its image (${KEEP_ORNAMENT}), worn where such a piece is worn, at a realistic scale.`,
      { text: "The ornament's real size is {size}; show it at that scale.", when: 'size' },
      { text: 'Follow the pose and framing of the pose reference.', when: 'pose' },
      { text: 'Give the person a natural, elegant pose that shows the ornament clearly.', unless: 'pose' },
      'Soft, flattering light with the ornament in sharp focus.',
    ],
    example: 'imagegen templates run real-model -i ornament=fixtures/necklace.png -i model=fixtures/model.jpg',
  },
  campaign: {
    description: 'A campaign shot of several named ornaments worn together, by an AI model or a real one, optionally styled after theme images.',
    roles: [
      { ...ORNAMENT_ROLE, description: 'a photo of each ornament of the collection', repeatable: true, max: 6, labels: 'names', intro: 'an ornament of the collection' },
      { name: 'model', description: 'photos of a real model (or --identity NAME); without them an AI model is shown', repeatable: true, max: 5, identity: true, intro: 'a photo of the model' },
      { name: 'theme', description: 'images whose setting, palette and mood to follow', repeatable: true, max: 3, intro: 'a theme reference' },
    ],
    params: [
      { name: 'names', description: 'the ornaments\' names, comma-separated, in the order of the ornament images, e.g. "Ruby ring, Pearl necklace"' },
      { ...PERSONA_PARAM, description: 'who the AI model is, when no model photo is given' },
    ],
    aspect: '4:5',
    prompt: [
      'Create a high-end advertising campaign photograph for a jewellery collection, with every ornament from the ornament images worn together as one styled look.',
      `Each ornament must look exactly like its image (${KEEP_ORNAMENT}), at a realistic scale.`,
      { text: 'The model is the person in the model photos: keep their face, facial features, skin tone, hair and body shape recognisable.', when: 'model' },
      { text: 'The model is {persona}, photorealistic.', unless: 'model' },
      { text: 'Take the setting, colour palette, light and mood from the theme references.', when: 'theme' },
      'Editorial lighting and a luxurious, uncluttered composition, with the ornaments in sharp focus.',
    ],
    example: 'imagegen templates run campaign "festive evening party" -i ornament=fixtures/ring.png -i ornament=fixtures/necklace.png --param names="Ruby ring, Pearl necklace"',
  },
};
